package io.wsaudit.e2e.demo;

import io.wsaudit.e2e.Timeline;
import io.wsaudit.e2e.stage.Stage;
import java.io.PrintStream;
import java.util.Map;

/** The demo's fixed narration: the opening note, the nginx locations, the patched Ingress. */
final class DemoNarration {

  private static final String HTTP_VERSION = Stage.PREFIX + "proxy-http-version";

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
        """);
  }

  /** One timeline line per location the ingress-nginx model rendered. */
  static void nginxLocations(Timeline tl, Stage stage) {
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
                        + "s"));
  }

  /** The Ingress's proxy-http-version before and after the operator's patch. */
  static void patched(Timeline tl, Map<String, String> after) {
    tl.event(
        "k8s",
        "Ingress shop/chat after the operator's patch:\n  before: "
            + HTTP_VERSION
            + "=\"1.0\"\n  after:  "
            + HTTP_VERSION
            + "=\""
            + after.get(HTTP_VERSION)
            + "\"\n  record: wsaudit.io/remediated-proxy-http-version="
            + after.get("wsaudit.io/remediated-proxy-http-version"));
  }
}
