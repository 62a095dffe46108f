package io.wsaudit.operator.testing;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.testkit.kube.Backend;
import io.wsaudit.testkit.kube.KubeFixtures;
import java.util.List;
import java.util.Map;

/**
 * Creates the Kubernetes objects a test scenario needs, through the client, as a user or controller
 * would.
 */
public final class Cluster {

  public static final String NS = "shop";
  public static final String PREFIX = "nginx.ingress.kubernetes.io/";

  private final KubernetesClient client;

  public Cluster(KubernetesClient client) {
    this.client = client;
  }

  public void ingressClass(String name, String controller) {
    KubeFixtures.ingressClass(client, name, controller);
  }

  /**
   * A pod with this IP behind a Service of the same name, listed in that Service's EndpointSlice.
   */
  public void app(String name, String podIp) {
    KubeFixtures.backend(client, Backend.of(NS, name, podIp));
  }

  public Ingress ingress(
      String name,
      String className,
      String host,
      String service,
      Map<String, String> annotations,
      Map<String, String> labels) {
    return KubeFixtures.ingress(client, NS, name, className, host, service, annotations, labels);
  }

  public void controllerConfigMap(Map<String, String> data) {
    KubeFixtures.configMap(client, "ingress-nginx", "ingress-nginx-controller", data);
  }

  public WebSocketAuditPolicy policy(
      String name, Mode mode, int minConnections, Map<String, String> selector) {
    WebSocketAuditPolicy p = new WebSocketAuditPolicy();
    p.getMetadata().setName(name);
    p.getMetadata().setNamespace(NS);
    p.getSpec().setMode(mode);
    p.getSpec().getEvidence().setMinConnections(minConnections);
    if (selector != null) {
      p.getSpec().setIngressSelector(new LabelSelectorBuilder().withMatchLabels(selector).build());
    }
    return client.resources(WebSocketAuditPolicy.class).inNamespace(NS).resource(p).create();
  }

  public WebSocketAuditPolicyStatus status(String policy) {
    WebSocketAuditPolicy p =
        client.resources(WebSocketAuditPolicy.class).inNamespace(NS).withName(policy).get();
    return p == null ? null : p.getStatus();
  }

  public Map<String, String> annotations(String ingress) {
    Map<String, String> a =
        client
            .network()
            .v1()
            .ingresses()
            .inNamespace(NS)
            .withName(ingress)
            .get()
            .getMetadata()
            .getAnnotations();
    return a == null ? Map.of() : a;
  }

  public List<Event> events(String involvedName) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> involvedName.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
