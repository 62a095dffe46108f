package io.wsaudit.e2e.demo;

import io.wsaudit.e2e.Timeline;
import io.wsaudit.e2e.stage.Stage;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/** The demo's fixed narration: the opening note, each world, the patched Ingress. */
final class DemoNarration {

  /** Where the operator records what it replaced ({@code AnnotationPatcher}). */
  private static final String RECORD_PREFIX = "wsaudit.io/remediated-";

  private DemoNarration() {}

  static void intro(PrintStream out) {
    out.println(
        """
        wsaudit demo — the whole loop on this machine

          NOTE: the Kubernetes API server here is an embedded stand-in (Fabric8's mock API server in CRUD mode,
          inside this JVM), not a cluster. It holds the objects a cluster would: Namespace, Pods, Services,
          EndpointSlices, the ingress-nginx ConfigMap, an Ingress and a WebSocketAuditPolicy.
          nginx is real (this machine's nginx on 127.0.0.1). The ingress-nginx controller is a model
          (io.wsaudit.e2e.nginx.IngressNginxModel) of what its template renders for WebSocket settings.
          Undertow and Tomcat run in their own JVMs with the wsaudit agent (-javaagent); the operator is the real one.
          Each scenario gets a fresh API server stand-in, operator and nginx; the apps stay.
        """);
  }

  /** Where this scenario's API server, operator and nginx are, the Ingress, nginx's locations. */
  static void stage(Timeline tl, Stage stage) {
    tl.event(
        "setup",
        "API server stand-in at "
            + stage.apiServerUrl()
            + " (embedded, not a cluster); operator OTLP/HTTP on "
            + stage.operatorOtlpEndpoint()
            + "; nginx (pid "
            + stage.controller().nginx().pid()
            + ") on 127.0.0.1:"
            + stage.nginxPort()
            + ", config "
            + stage.controller().nginx().dir().resolve("nginx.conf"));
    tl.event(
        "k8s",
        "Ingress shop/chat: hosts "
            + String.join(
                ", ", stage.controller().current().locations().stream().map(l -> l.host()).toList())
            + "; annotations "
            + new TreeMap<>(stage.annotations(Stage.INGRESS)));
    stage
        .controller()
        .current()
        .locations()
        .forEach(
            l ->
                tl.event(
                    "nginx",
                    "location "
                        + l.host()
                        + l.path()
                        + " -> "
                        + l.upstream()
                        + " "
                        + l.servers()
                        + ": proxy_http_version "
                        + l.httpVersion()
                        + ", Connection "
                        + l.connectionHeader()
                        + ", proxy_read_timeout "
                        + l.readTimeout()
                        + "s, proxy_send_timeout "
                        + l.sendTimeout()
                        + "s"));
  }

  /** The scenario's annotations before and after the operator's patch, and its records. */
  static void patched(
      Timeline tl, DemoScenario sc, Map<String, String> before, Map<String, String> after) {
    StringBuilder b = new StringBuilder("Ingress shop/chat after the operator's patch:");
    for (String key : sc.patchedKeys()) {
      b.append("\n  before: ").append(value(key, before));
      b.append("\n  after:  ").append(value(key, after));
    }
    for (String key : sc.patchedKeys()) {
      String record = RECORD_PREFIX + key.substring(Stage.PREFIX.length());
      if (after.containsKey(record)) {
        b.append("\n  record: ").append(record).append('=').append(after.get(record));
      }
    }
    tl.event("k8s", b.toString());
  }

  private static String value(String key, Map<String, String> annotations) {
    String v = annotations.get(key);
    return v == null ? key + " absent" : key + "=\"" + v + "\"";
  }
}
