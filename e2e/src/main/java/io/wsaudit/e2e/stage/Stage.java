package io.wsaudit.e2e.stage;

import static io.wsaudit.e2e.model.ProxyModelController.started;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.wsaudit.e2e.haproxy.HaproxyIngressController;
import io.wsaudit.e2e.nginx.IngressNginxController;
import io.wsaudit.e2e.nginx.NginxModelController;
import io.wsaudit.operator.WsAuditOperator;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.operator.config.OperatorConfig;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.ProxyKind;
import io.wsaudit.testkit.kube.MockApiServer;
import io.wsaudit.testkit.process.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run's world: the embedded API server stand-in (Fabric8's mock server in CRUD mode — not a
 * cluster) holding the objects a real cluster would, the wsaudit operator in this JVM against it,
 * and a model of the proxy under test (ingress-nginx unless told otherwise, {@link ProxyUnderTest})
 * running a real nginx (or the HAProxy Ingress model running a real haproxy, {@link
 * #startHaproxy}). The sample applications are started elsewhere (they outlive a Stage in the
 * tests) and only described here as Pods, Services and EndpointSlices pointing at their 127.0.0.1
 * ports.
 */
public final class Stage implements AutoCloseable {

  public static final String NS = "shop";
  public static final String CONTROLLER_NS = "ingress-nginx";
  public static final String CONFIGMAP = "ingress-nginx-controller";
  public static final String PREFIX = "nginx.ingress.kubernetes.io/";
  public static final String INGRESS = "chat";
  public static final String CONTROL_INGRESS = "control";
  public static final String POLICY = "websockets";

  /** One sample application as the cluster knows it. */
  public record App(String service, String pod, String host, int port) {}

  /** One Ingress: its name, its annotations and the apps it routes (a host rule each). */
  public record Route(String ingress, Map<String, String> annotations, List<App> apps) {}

  private final MockApiServer api;
  private final KubernetesClient client;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final ProxyUnderTest proxy;
  private WsAuditOperator operator;
  private final String className;
  private NginxModelController<?> model;
  private HaproxyIngressController haproxy;
  private Path modelDir;

  /** How the proxy model of a stage starts, once the API server holds the cluster's objects. */
  @FunctionalInterface
  private interface ModelStart {
    void start(Stage s, Path dir) throws Exception;
  }

  private Stage(ProxyUnderTest proxy, String className) {
    this.proxy = proxy;
    this.className = className;
    api = MockApiServer.startAsAdmin();
    client = api.client();
  }

  /**
   * Creates the API server with the cluster's objects, then starts the operator and the
   * ingress-nginx model.
   *
   * @param chatAnnotations annotations of the Ingress under test (e.g. {@code proxy-http-version:
   *     "1.0"})
   * @param apps the applications; the last is routed by the healthy control Ingress
   */
  public static Stage start(
      Map<String, String> chatAnnotations,
      List<App> chatApps,
      App control,
      Map<String, String> controllerConfig)
      throws Exception {
    List<Route> routes = new ArrayList<>(List.of(new Route(INGRESS, chatAnnotations, chatApps)));
    if (control != null) {
      routes.add(new Route(CONTROL_INGRESS, Map.of(), List.of(control)));
    }
    return start(routes, controllerConfig);
  }

  /** As above, with any Ingresses (each app in exactly one). */
  public static Stage start(List<Route> routes, Map<String, String> controllerConfig)
      throws Exception {
    return start(routes, controllerConfig, ProxyUnderTest.ingressNginx());
  }

  /** As above, behind another proxy: the operator is configured for it and its model runs. */
  public static Stage start(
      List<Route> routes, Map<String, String> controllerConfig, ProxyUnderTest proxy)
      throws Exception {
    return start(
        proxy,
        "nginx",
        routes,
        controllerConfig,
        (s, dir) -> s.model = proxy.model().start(s.client, proxy.controller(), dir, Ports.free()));
  }

  /**
   * The same world behind the HAProxy Kubernetes Ingress controller: its IngressClass {@code
   * haproxy}, its ConfigMap holding {@code controllerConfig}, the operator run with {@code --proxy
   * haproxy} and the HAProxy Ingress model running a real haproxy.
   */
  public static Stage startHaproxy(List<Route> routes, Map<String, String> controllerConfig)
      throws Exception {
    ControllerSettings haproxy = ControllerSettings.defaults(ProxyKind.HAPROXY);
    return start(
        new ProxyUnderTest(haproxy, null),
        "haproxy",
        routes,
        controllerConfig,
        (s, dir) ->
            s.haproxy =
                started(new HaproxyIngressController(s.client, haproxy, dir, Ports.free())));
  }

  private static Stage start(
      ProxyUnderTest proxy,
      String className,
      List<Route> routes,
      Map<String, String> controllerConfig,
      ModelStart model)
      throws Exception {
    Stage s = new Stage(proxy, className);
    try {
      s.populate(routes, controllerConfig);
      s.operator =
          new WsAuditOperator(
                  OperatorConfig.defaults()
                      .withController(proxy.controller())
                      .withPorts("127.0.0.1", 0, 0, 0)
                      // one patch per controller per 10 min (the default); evidence after a patch
                      // counts after 1 s;
                      // policies re-evaluated every 500 ms so that the run takes seconds, not
                      // minutes
                      .withTiming(
                          Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofMillis(500)),
                  s.client)
              .start();
      s.modelDir = Files.createTempDirectory("wsaudit-e2e-" + className);
      model.start(s, s.modelDir);
      return s;
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
  }

  private void populate(List<Route> routes, Map<String, String> controllerConfig) {
    api.withCrd(
        WsAuditOperator.class.getResourceAsStream(
            "/META-INF/fabric8/websocketauditpolicies.wsaudit.io-v1.yml"));
    StageObjects.create(client, proxy.controller(), className, routes, controllerConfig);
  }

  /**
   * Creates the policy: every Ingress of the namespace, 3 failed connections within 5 min, early
   * below 1 s.
   */
  public WebSocketAuditPolicy policy(Mode mode) {
    return policy(mode, List.of(proxy.controller().proxy().id()));
  }

  /** The same policy, writing only to the proxies named. */
  public WebSocketAuditPolicy policy(Mode mode, List<String> proxies) {
    WebSocketAuditPolicy p = new WebSocketAuditPolicy();
    p.getMetadata().setName(POLICY);
    p.getMetadata().setNamespace(NS);
    p.getSpec().setMode(mode);
    p.getSpec().setProxies(proxies == null ? null : new ArrayList<>(proxies));
    p.getSpec().getEvidence().setMinConnections(3);
    p.getSpec().getEvidence().setWindow("5m");
    p.getSpec().getEvidence().setEarlyCloseThreshold("1s");
    return client.resources(WebSocketAuditPolicy.class).inNamespace(NS).resource(p).create();
  }

  public WebSocketAuditPolicyStatus status() {
    WebSocketAuditPolicy p =
        client.resources(WebSocketAuditPolicy.class).inNamespace(NS).withName(POLICY).get();
    return p == null ? null : p.getStatus();
  }

  public Ingress ingress(String name) {
    return client.network().v1().ingresses().inNamespace(NS).withName(name).get();
  }

  public Map<String, String> annotations(String ingress) {
    Map<String, String> a = ingress(ingress).getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }

  public KubernetesClient client() {
    return client;
  }

  public WsAuditOperator operator() {
    return operator;
  }

  /** The ingress-nginx model (a Stage of another proxy has none: see {@link #model()}). */
  public IngressNginxController controller() {
    return controller(IngressNginxController.class);
  }

  /** The running model as the class it is. */
  public <C extends NginxModelController<?>> C controller(Class<C> type) {
    return type.cast(model);
  }

  /** The running model of the proxy under test. */
  public NginxModelController<?> model() {
    return model;
  }

  public ProxyUnderTest proxy() {
    return proxy;
  }

  /** The HAProxy Ingress model, when the stage runs one ({@link #startHaproxy}). */
  public HaproxyIngressController haproxy() {
    return haproxy;
  }

  /** The port clients connect to: nginx's, or haproxy's. */
  public int proxyPort() {
    return model != null ? model.port() : haproxy.port();
  }

  public int nginxPort() {
    return model.port();
  }

  /** http://127.0.0.1:PORT of the operator's OTLP/HTTP receiver. */
  public String operatorOtlpEndpoint() {
    return "http://127.0.0.1:" + operator.otlpHttpPort();
  }

  public String apiServerUrl() {
    return client.getMasterUrl().toString();
  }

  @Override
  public void close() {
    if (model != null) {
      model.close();
    }
    if (haproxy != null) {
      haproxy.close();
    }
    if (operator != null) {
      operator.close();
    }
    closeables.forEach(
        c -> {
          try {
            c.close();
          } catch (Exception ignored) {
            // best effort
          }
        });
    api.close();
    deleteTree(modelDir);
  }

  /** Removes a directory this run created (nginx's configuration, logs and temp files). */
  public static void deleteTree(Path dir) {
    if (dir == null || !Files.isDirectory(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort
    }
  }
}
