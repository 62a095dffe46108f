package io.wsaudit.bench.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.testkit.kube.Backend;
import io.wsaudit.testkit.kube.IngressDraft;
import io.wsaudit.testkit.kube.KubeFixtures;
import io.wsaudit.testkit.kube.MockApiServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The test kit's mock API server with the wsaudit CRD and the ingress-nginx IngressClass, and the
 * objects the operator benches create in it (Ingresses carry TLS and an {@code app} label, as real
 * ones do).
 */
public final class MockCluster implements AutoCloseable {

  public static final String PREFIX = "nginx.ingress.kubernetes.io/";
  public static final String CONTROLLER_NS = "ingress-nginx";
  public static final String CONTROLLER_CM = "ingress-nginx-controller";

  private final MockApiServer api;

  public MockCluster() {
    api =
        MockApiServer.startAsAdmin()
            .withCrd(
                WebSocketAuditPolicy.class.getResourceAsStream(
                    "/META-INF/fabric8/websocketauditpolicies.wsaudit.io-v1.yml"));
    KubeFixtures.ingressClass(api.client(), "nginx", "k8s.io/ingress-nginx");
  }

  /** See {@link MockApiServer#bulkCreate}. */
  public int bulkCreate(String collectionPath, HasMetadata object) {
    return api.bulkCreate(collectionPath, object);
  }

  public KubernetesClient client() {
    return api.client();
  }

  /** A fresh client of this server (one per concurrent writer, like separate controllers). */
  public KubernetesClient newClient() {
    return api.newClient();
  }

  public String url() {
    return api.url();
  }

  /** A kubeconfig pointing at this server, for a forked operator. */
  public Path kubeconfig(Path dir) throws IOException {
    return api.kubeconfig(dir, "wsaudit-system");
  }

  /** The ingress-nginx controller ConfigMap with these keys. */
  public void controllerConfigMap(Map<String, String> data) {
    KubeFixtures.configMap(api.client(), CONTROLLER_NS, CONTROLLER_CM, data);
  }

  /**
   * A pod with this IP behind a Service of the same name, listed in that Service's EndpointSlice.
   */
  public void app(KubernetesClient c, String ns, String name, String podIp) {
    KubeFixtures.backend(c, Backend.of(ns, name, podIp));
  }

  /** An ingress-nginx Ingress: one host, "/" Prefix to the Service on port 80. */
  public static Ingress ingress(
      KubernetesClient c,
      String ns,
      String name,
      String host,
      String service,
      Map<String, String> annotations) {
    return c.network()
        .v1()
        .ingresses()
        .inNamespace(ns)
        .resource(ingressObject(ns, name, host, service, annotations))
        .create();
  }

  static Ingress ingressObject(
      String ns, String name, String host, String service, Map<String, String> annotations) {
    Ingress plain =
        IngressDraft.of(ns, name)
            .host(host)
            .service(service)
            .annotations(annotations)
            .labels(Map.of("app", service))
            .build();
    return new IngressBuilder(plain)
        .editSpec()
        .addNewTl()
        .addToHosts(host)
        .withSecretName(service + "-tls")
        .endTl()
        .endSpec()
        .build();
  }

  public WebSocketAuditPolicy policy(String ns, String name, Mode mode, int minConnections) {
    WebSocketAuditPolicy p = new WebSocketAuditPolicy();
    p.getMetadata().setName(name);
    p.getMetadata().setNamespace(ns);
    p.getSpec().setMode(mode);
    p.getSpec().getEvidence().setMinConnections(minConnections);
    p.getSpec().setIngressSelector(new LabelSelectorBuilder().build());
    return api.client().resources(WebSocketAuditPolicy.class).inNamespace(ns).resource(p).create();
  }

  @Override
  public void close() {
    api.close();
  }
}
