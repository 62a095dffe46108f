package io.wsaudit.bench.operator;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * A Fabric8 mock API server in CRUD mode on 127.0.0.1 with the wsaudit CRD, the ingress-nginx
 * IngressClass and (on request) its ConfigMap, and the objects a scenario needs, created through
 * the client as a user or controller would. The same setup as the operator's tests ({@code
 * OperatorHarness}, {@code Cluster}).
 */
public final class MockCluster implements AutoCloseable {

  public static final String PREFIX = "nginx.ingress.kubernetes.io/";
  public static final String CONTROLLER_NS = "ingress-nginx";
  public static final String CONTROLLER_CM = "ingress-nginx-controller";

  /**
   * Held so the setting sticks: the mock logs every request through java.util.logging at INFO
   * otherwise.
   */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final MixedDispatcher dispatcher;
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  public MockCluster() {
    var responses = new HashMap<ServerRequest, Queue<ServerResponse>>();
    dispatcher = new MixedDispatcher(responses);
    server =
        new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
    try {
      server.init(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // JOSDK checks its Lease rights with a SelfSubjectRulesReview, which CRUD mode cannot store:
    // answer as for an
    // admin (as the operator's tests do).
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .addNewResourceRule()
                .withApiGroups("*")
                .withResources("*")
                .withVerbs("*")
                .endResourceRule()
                .withIncomplete(false)
                .endStatus()
                .build())
        .always();
    client = server.createClient();
    try (InputStream crd =
        WebSocketAuditPolicy.class.getResourceAsStream(
            "/META-INF/fabric8/websocketauditpolicies.wsaudit.io-v1.yml")) {
      if (crd == null) {
        throw new IllegalStateException("the operator's CRD is not on the class path");
      }
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(
              client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class))
          .create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client
        .network()
        .v1()
        .ingressClasses()
        .resource(
            new IngressClassBuilder()
                .withNewMetadata()
                .withName("nginx")
                .endMetadata()
                .withNewSpec()
                .withController("k8s.io/ingress-nginx")
                .endSpec()
                .build())
        .create();
  }

  /**
   * Stores an object the way the CRUD dispatcher's POST handler does after its checks (a
   * resourceVersion from the dispatcher's counter, then its {@code processEvent}: indexed by the
   * same attributes, watchers notified), but in-process: creating tens of thousands of objects over
   * HTTP takes the CRUD mock minutes (~100 a second on this machine). The object must carry its own
   * name, namespace, uid and creationTimestamp. Returns its JSON size.
   */
  public int bulkCreate(String collectionPath, HasMetadata object) {
    KubernetesCrudDispatcher crud = dispatcher.crud;
    object.getMetadata().setResourceVersion(Long.toString(crud.requestResourceVersion()));
    String json = client.getKubernetesSerialization().asJson(object);
    GenericKubernetesResource generic =
        client.getKubernetesSerialization().unmarshal(json, GenericKubernetesResource.class);
    crud.processEvent(collectionPath, crud.getKey(collectionPath), null, generic, json);
    return json.length();
  }

  public KubernetesClient client() {
    return client;
  }

  /** A fresh client of this server (one per concurrent writer, like separate controllers). */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  public String url() {
    return client.getMasterUrl().toString();
  }

  /**
   * A kubeconfig pointing at this server, for a forked operator (Fabric8's standard resolution).
   */
  public Path kubeconfig(Path dir) throws IOException {
    Path file = dir.resolve("kubeconfig");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
        users: [{name: me, user: {token: dummy}}]
        contexts: [{name: mock, context: {cluster: mock, user: me, namespace: wsaudit-system}}]
        current-context: mock
        """
            .formatted(url()));
    return file;
  }

  /** The ingress-nginx controller ConfigMap with these keys. */
  public void controllerConfigMap(Map<String, String> data) {
    client
        .configMaps()
        .inNamespace(CONTROLLER_NS)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(CONTROLLER_CM)
                .withNamespace(CONTROLLER_NS)
                .endMetadata()
                .withData(data)
                .build())
        .create();
  }

  /**
   * A pod with this IP behind a Service of the same name, listed in that Service's EndpointSlice.
   */
  public void app(KubernetesClient c, String ns, String name, String podIp) {
    String pod = name + "-0";
    Pod created =
        c.pods()
            .inNamespace(ns)
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(pod)
                    .withNamespace(ns)
                    .addToLabels("app", name)
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("app")
                    .withImage("example/chat:1")
                    .endContainer()
                    .endSpec()
                    .build())
            .create();
    c.pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder(created)
                .withNewStatus()
                .withPhase("Running")
                .withPodIP(podIp)
                .addNewPodIP(podIp)
                .endStatus()
                .build())
        .updateStatus();
    service(c, ns, name);
    c.discovery()
        .v1()
        .endpointSlices()
        .inNamespace(ns)
        .resource(
            new EndpointSliceBuilder()
                .withNewMetadata()
                .withName(name + "-abcde")
                .withNamespace(ns)
                .addToLabels("kubernetes.io/service-name", name)
                .endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint()
                .withAddresses(podIp)
                .withNewTargetRef()
                .withKind("Pod")
                .withName(pod)
                .withNamespace(ns)
                .endTargetRef()
                .endEndpoint()
                .addNewPort()
                .withPort(8080)
                .endPort()
                .build())
        .create();
  }

  public static void service(KubernetesClient c, String ns, String name) {
    c.services()
        .inNamespace(ns)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .addToSelector("app", name)
                .addNewPort()
                .withName("http")
                .withPort(80)
                .withNewTargetPort(8080)
                .endPort()
                .withClusterIP("10.96.0.10")
                .endSpec()
                .build())
        .create();
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
    return new IngressBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .withAnnotations(annotations)
        .addToLabels("app", service)
        .endMetadata()
        .withNewSpec()
        .withIngressClassName("nginx")
        .addNewTl()
        .addToHosts(host)
        .withSecretName(service + "-tls")
        .endTl()
        .addNewRule()
        .withHost(host)
        .withNewHttp()
        .addNewPath()
        .withPath("/")
        .withPathType("Prefix")
        .withNewBackend()
        .withNewService()
        .withName(service)
        .withNewPort()
        .withNumber(80)
        .endPort()
        .endService()
        .endBackend()
        .endPath()
        .endHttp()
        .endRule()
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
    return client.resources(WebSocketAuditPolicy.class).inNamespace(ns).resource(p).create();
  }

  /**
   * The mock's usual mixed mode (as {@code KubernetesMixedDispatcher}: a recorded expectation wins,
   * everything else is CRUD), with the CRUD dispatcher reachable for {@link #bulkCreate}.
   */
  private static final class MixedDispatcher extends Dispatcher {
    private final Map<ServerRequest, Queue<ServerResponse>> responses;
    private final MockDispatcher expectations;
    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();

    MixedDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
      this.responses = responses;
      this.expectations = new MockDispatcher(responses);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      Queue<ServerResponse> q =
          responses.get(
              new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
      return q != null && !q.isEmpty() ? expectations.dispatch(request) : crud.dispatch(request);
    }

    @Override
    public void shutdown() {
      expectations.shutdown();
      crud.shutdown();
    }

    @Override
    public void releaseResources() {
      expectations.releaseResources();
      crud.releaseResources();
    }
  }

  @Override
  public void close() {
    client.close();
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      // "Unable to close MockWebServer": a watch outlived its client by a moment; nothing depends
      // on it.
    }
  }
}
