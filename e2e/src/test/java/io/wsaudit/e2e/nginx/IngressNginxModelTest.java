package io.wsaudit.e2e.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.operator.proxy.ingressnginx.LogFormats;
import io.wsaudit.testkit.kube.IngressDraft;
import io.wsaudit.testkit.kube.KubeObjects;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the model renders for the WebSocket-relevant settings, checked against ingress-nginx's
 * template rules.
 */
class IngressNginxModelTest {

  private static final String P = "nginx.ingress.kubernetes.io/";
  private static final ModelRuntime RT = new ModelRuntime(Path.of("/tmp/x"), 18080, false, 7);

  /** An Ingress created on 2026-01-01 for a.example, "/" (Prefix) to the Service. */
  static IngressDraft ingress(String name, String service) {
    return IngressDraft.of("shop", name)
        .created("2026-01-01T00:00:00Z")
        .host("a.example")
        .service(service);
  }

  private static IngressNginxModel.Rendered render(
      List<Ingress> ingresses, Map<String, String> cm) {
    return IngressNginxModel.defaults()
        .render(
            new IngressInput(
                ingresses,
                cm == null
                    ? Optional.empty()
                    : Optional.of(
                        KubeObjects.configMap("ingress-nginx", "ingress-nginx-controller", cm)),
                List.of(
                    KubeObjects.service("shop", "a", 9001), KubeObjects.service("shop", "b", 9002)),
                List.of(
                    KubeObjects.endpointSlice("shop", "a", 9001, "127.0.0.1"),
                    KubeObjects.endpointSlice("shop", "b", 9002, "127.0.0.1", "127.0.0.2"))),
            RT);
  }

  private static IngressNginxModel.Location only(
      Map<String, String> annotations, Map<String, String> cm) {
    return render(List.of(ingress("i", "a").annotations(annotations).build()), cm)
        .location("a.example", "/")
        .orElseThrow();
  }

  @Test
  void defaultsAreHttp11WithTheUpgradeMapAndTheTemplateTimeouts() {
    IngressNginxModel.Rendered r = render(List.of(ingress("i", "a").build()), null);
    IngressNginxModel.Location l = r.location("a.example", "/").orElseThrow();
    assertThat(l.httpVersion()).isEqualTo("1.1");
    assertThat(l.connectionHeader()).isEqualTo("$connection_upgrade");
    assertThat(List.of(l.readTimeout(), l.sendTimeout(), l.connectTimeout()))
        .containsExactly(60, 60, 5);
    assertThat(r.config())
        .contains(
            "map $http_upgrade $connection_upgrade {\n    default upgrade;\n    ''      '';\n  }")
        .contains("proxy_set_header Upgrade $http_upgrade;")
        .contains("proxy_set_header Connection $connection_upgrade;")
        .contains("proxy_http_version 1.1;")
        .contains("proxy_read_timeout 60s;")
        .contains("proxy_send_timeout 60s;")
        .contains("proxy_connect_timeout 5s;")
        .contains("upstream shop-a-80 {\n    server 127.0.0.1:9001;")
        .contains("server_name a.example;")
        .contains("worker_shutdown_timeout 240s ;");
  }

  @Test
  void annotationBeatsConfigMapBeatsDefault() {
    assertThat(
            only(Map.of(P + "proxy-http-version", "1.0"), Map.of("proxy-http-version", "1.1"))
                .httpVersion())
        .isEqualTo("1.0");
    assertThat(only(Map.of(), Map.of("proxy-http-version", "1.0")).httpVersion()).isEqualTo("1.0");
    assertThat(
            only(Map.of(P + "proxy-http-version", " 1.1 "), Map.of("proxy-http-version", "1.0"))
                .httpVersion())
        .isEqualTo("1.1");
  }

  @Test
  void anInvalidAnnotationFallsBackSilently() {
    assertThat(
            only(Map.of(P + "proxy-http-version", "2"), Map.of("proxy-http-version", "1.0"))
                .httpVersion())
        .isEqualTo("1.0");
    assertThat(
            only(Map.of(P + "proxy-read-timeout", "3600s"), Map.of("proxy-read-timeout", "120"))
                .readTimeout())
        .isEqualTo(120);
    assertThat(only(Map.of(P + "proxy-read-timeout", "3600"), Map.of()).readTimeout())
        .isEqualTo(3600);
  }

  @Test
  void timeoutsFromAnnotationsAndConfigMap() {
    IngressNginxModel.Location l =
        only(
            Map.of(P + "proxy-send-timeout", "7"),
            Map.of("proxy-connect-timeout", "3", "proxy-read-timeout", "15"));
    assertThat(List.of(l.readTimeout(), l.sendTimeout(), l.connectTimeout()))
        .containsExactly(15, 7, 3);
  }

  /**
   * ingress-nginx's proxy parser: bare integer seconds; annotation, then ConfigMap, then 60; the
   * template appends "s".
   */
  @Test
  void idleTimeoutsAreRenderedInSecondsAnnotationFirst() {
    Map<String, String> cm = Map.of("proxy-read-timeout", "120", "proxy-send-timeout", "90");
    IngressNginxModel.Location l =
        only(Map.of(P + "proxy-read-timeout", "3", P + "proxy-send-timeout", " 3 "), cm);
    assertThat(List.of(l.readTimeout(), l.sendTimeout())).containsExactly(3, 3);
    assertThat(NginxConfigText.render(List.of(l), cm, RT))
        .contains("proxy_read_timeout 3s;")
        .contains("proxy_send_timeout 3s;")
        .doesNotContain("proxy_read_timeout 120s;");
    IngressNginxModel.Location fromConfigMap = only(Map.of(P + "proxy-send-timeout", "3s"), cm);
    assertThat(List.of(fromConfigMap.readTimeout(), fromConfigMap.sendTimeout()))
        .containsExactly(120, 90);
    IngressNginxModel.Location raised =
        only(Map.of(P + "proxy-read-timeout", "3600", P + "proxy-send-timeout", "3600"), cm);
    assertThat(List.of(raised.readTimeout(), raised.sendTimeout())).containsExactly(3600, 3600);
  }

  @Test
  void connectionProxyHeaderReplacesTheUpgradeMap() {
    assertThat(
            only(Map.of(P + "connection-proxy-header", "keep-alive"), Map.of()).connectionHeader())
        .isEqualTo("keep-alive");
    assertThat(only(Map.of(P + "connection-proxy-header", "upgrade"), Map.of()).connectionHeader())
        .isEqualTo("$connection_upgrade");
  }

  @Test
  void keepaliveOffMapsEmptyUpgradeToClose() {
    assertThat(
            render(
                    List.of(ingress("i", "a").build()),
                    Map.of("upstream-keepalive-connections", "0", "worker-shutdown-timeout", "10s"))
                .config())
        .contains("''      close;")
        .doesNotContain("keepalive 0")
        .contains("worker_shutdown_timeout 10s ;");
  }

  @Test
  void routesByHostAndPathTheOldestIngressOwnsADuplicatedLocation() {
    IngressNginxModel.Rendered r =
        render(
            List.of(
                ingress("young", "b")
                    .created("2026-02-01T00:00:00Z")
                    .annotations(Map.of(P + "proxy-http-version", "1.0"))
                    .build(),
                ingress("old", "a").build(),
                ingress("exact", "b").created("2026-03-01T00:00:00Z").path("/ws", "Exact").build(),
                ingress("other", "a").className("traefik").host("c.example").build()),
            Map.of());
    assertThat(r.location("a.example", "/").orElseThrow().ingress()).isEqualTo("shop/old");
    assertThat(r.location("a.example", "/").orElseThrow().httpVersion()).isEqualTo("1.1");
    IngressNginxModel.Location exact = r.location("a.example", "/ws").orElseThrow();
    assertThat(exact.servers()).containsExactly("127.0.0.1:9002", "127.0.0.2:9002");
    assertThat(r.config()).contains("location = /ws {");
    assertThat(r.location("c.example", "/")).isEmpty();
  }

  @Test
  void aServiceWithoutEndpointsAnswers503() {
    IngressNginxModel.Rendered r =
        IngressNginxModel.defaults()
            .render(
                new IngressInput(
                    List.of(ingress("i", "a").build()),
                    Optional.empty(),
                    List.of(KubeObjects.service("shop", "a", 9001)),
                    List.of()),
                RT);
    assertThat(r.location("a.example", "/").orElseThrow().servers()).isEmpty();
    assertThat(r.config()).contains("return 503;").doesNotContain("upstream shop-a-80");
  }

  @Test
  void legacyClassAnnotationIsAccepted() {
    Ingress legacy =
        ingress("l", "a")
            .className(null)
            .annotations(Map.of("kubernetes.io/ingress.class", "nginx"))
            .build();
    assertThat(render(List.of(legacy), Map.of()).location("a.example", "/")).isPresent();
  }

  @Test
  void theModelAndTheOperatorReadTheSameDefaultFormatFromIngressNginx() {
    assertThat(IngressLogging.DEFAULT_LOG_FORMAT_UPSTREAM).isEqualTo(LogFormats.DEFAULT_UPSTREAM);
  }

  @Test
  void logsAsIngressNginxDoesAndHonoursTheConfigMapsLogKeys() {
    String byDefault = render(List.of(ingress("i", "a").build()), null).config();
    assertThat(byDefault)
        .contains("log_format upstreaminfo '" + IngressLogging.DEFAULT_LOG_FORMAT_UPSTREAM + "';")
        .contains("access_log /tmp/x/access.log upstreaminfo;")
        .contains("error_log /tmp/x/error.log notice;")
        .contains("    \"\"      $request_id;")
        .contains("set $proxy_upstream_name \"shop-a-80\";")
        .contains("proxy_set_header X-Request-ID $req_id;");

    String custom =
        render(
                List.of(ingress("i", "a").build()),
                Map.of(
                    "log-format-upstream",
                        "{\"status\": \"$status\", \"upgrade\": \"$http_upgrade\"}",
                    "log-format-escape-json", "true",
                    "error-log-level", "info",
                    "generate-request-id", "false"))
            .config();
    assertThat(custom)
        .contains(
            "log_format upstreaminfo escape=json '{\"status\": \"$status\", \"upgrade\":"
                + " \"$http_upgrade\"}';")
        .contains("error_log /tmp/x/error.log info;")
        .doesNotContain("$request_id;");
  }
}
