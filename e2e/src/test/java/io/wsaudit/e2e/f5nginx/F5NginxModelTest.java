package io.wsaudit.e2e.f5nginx;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.e2e.nginx.IngressInput;
import io.wsaudit.e2e.nginx.ModelRuntime;
import io.wsaudit.testkit.kube.IngressDraft;
import io.wsaudit.testkit.kube.KubeObjects;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the F5 NGINX Ingress Controller model renders for the WebSocket settings, checked against
 * the rules of nginx/kubernetes-ingress v5.5.4's {@code nginx.ingress.tmpl} and config code.
 */
class F5NginxModelTest {

  private static final String P = "nginx.org/";
  private static final ModelRuntime RT = new ModelRuntime(Path.of("/tmp/x"), 18080, false, 3);

  private static IngressDraft ingress(String name, String service) {
    return IngressDraft.of("shop", name)
        .created("2026-01-01T00:00:00Z")
        .host("a.example")
        .service(service);
  }

  private static F5NginxModel.Rendered render(
      List<Ingress> ingresses, Map<String, String> cm, boolean snippets) {
    return new F5NginxModel(Set.of("nginx"), snippets)
        .render(
            new IngressInput(
                ingresses,
                Optional.of(KubeObjects.configMap("nginx-ingress", "nginx-config", cm)),
                List.of(KubeObjects.service("shop", "chat", 9001)),
                List.of(KubeObjects.endpointSlice("shop", "chat", 9001, "127.0.0.1"))),
            RT);
  }

  private static F5NginxModel.Location only(
      Map<String, String> annotations, Map<String, String> cm) {
    return render(List.of(ingress("i", "chat").annotations(annotations).build()), cm, false)
        .location("a.example", "/")
        .orElseThrow();
  }

  /** The rendered location block of a.example "/", as text. */
  private static String block(F5NginxModel.Rendered r) {
    String c = r.config();
    int start = c.indexOf("    location / {\n", c.indexOf("server_name a.example;"));
    return c.substring(start, c.indexOf("    }\n", start));
  }

  @Test
  void withoutWebsocketServicesNoUpgradeHeaderIsSetAndNginxSendsItsOwnConnectionClose() {
    F5NginxModel.Rendered r = render(List.of(ingress("i", "chat").build()), Map.of(), false);
    F5NginxModel.Location l = r.location("a.example", "/").orElseThrow();
    assertThat(l.websocket()).isFalse();
    assertThat(l.connectionHeader()).isNull();
    assertThat(block(r))
        .contains("proxy_http_version 1.1;")
        .doesNotContain("Upgrade")
        .doesNotContain("Connection");
    assertThat(r.config())
        .contains(
            "map $http_upgrade $connection_upgrade {\n    default upgrade;\n    ''      close;")
        .contains(
            "upstream shop-i-a.example-chat-80 {\n"
                + "    server 127.0.0.1:9001 max_fails=1 fail_timeout=10s max_conns=0;\n  }")
        .doesNotContain("keepalive ");
  }

  @Test
  void aListedServiceGetsTheUpgradeHeaders() {
    F5NginxModel.Rendered r =
        render(
            List.of(
                ingress("i", "chat")
                    .annotations(Map.of(P + "websocket-services", "feed,chat"))
                    .build()),
            Map.of(),
            false);
    assertThat(r.location("a.example", "/").orElseThrow().websocket()).isTrue();
    assertThat(block(r))
        .contains(
            "proxy_http_version 1.1;\n"
                + "      proxy_set_header Upgrade $http_upgrade;\n"
                + "      proxy_set_header Connection $connection_upgrade;\n");
  }

  @Test
  void theServiceListIsSplitAtCommasWithoutTrimming() {
    assertThat(only(Map.of(P + "websocket-services", "feed, chat"), Map.of()).websocket())
        .isFalse();
    assertThat(only(Map.of(P + "websocket-services", "chat, feed"), Map.of()).websocket()).isTrue();
  }

  @Test
  void keepaliveMakesConnectionEmptyForOtherServicesOnly() {
    F5NginxModel.Rendered plain =
        render(List.of(ingress("i", "chat").build()), Map.of("keepalive", "32"), false);
    assertThat(plain.location("a.example", "/").orElseThrow().connectionHeader()).isEqualTo("\"\"");
    assertThat(block(plain))
        .contains("proxy_set_header Connection \"\";")
        .doesNotContain("Upgrade");
    assertThat(plain.config()).contains("    keepalive 32;\n");
    F5NginxModel.Location ws =
        only(Map.of(P + "websocket-services", "chat"), Map.of("keepalive", "32"));
    assertThat(ws.connectionHeader()).isEqualTo("$connection_upgrade");
    // not an integer: an error event, and no keepalive
    assertThat(only(Map.of(), Map.of("keepalive", "lots")).connectionHeader()).isNull();
  }

  @Test
  void timeoutsAreParsedNginxTimesFromTheAnnotationElseTheConfigMapAsWrittenElse60s() {
    assertThat(only(Map.of(), Map.of()))
        .extracting(l -> List.of(l.connectTimeout(), l.readTimeout(), l.sendTimeout()))
        .isEqualTo(List.of("60s", "60s", "60s"));
    F5NginxModel.Location l =
        only(
            Map.of(P + "proxy-read-timeout", "3", P + "proxy-send-timeout", "1h 30m"),
            Map.of("proxy-read-timeout", "120s", "proxy-connect-timeout", "5s"));
    assertThat(List.of(l.connectTimeout(), l.readTimeout(), l.sendTimeout()))
        .isEqualTo(List.of("5s", "3s", "1h30m"));
    // an invalid annotation is logged and the ConfigMap's value stays
    assertThat(
            only(Map.of(P + "proxy-read-timeout", "3 seconds"), Map.of("proxy-read-timeout", "7s"))
                .readTimeout())
        .isEqualTo("7s");
    assertThat(only(Map.of(P + "proxy-read-timeout", "3600s"), Map.of()).readTimeout())
        .isEqualTo("3600s");
  }

  @Test
  void parseTimeFollowsTheControllersTimeRegexp() {
    assertThat(F5Settings.parseTime("60")).hasValue("60s");
    assertThat(F5Settings.parseTime("500ms")).hasValue("500ms");
    assertThat(F5Settings.parseTime("1d 2h 3m 4s")).hasValue("1d2h3m4s");
    assertThat(F5Settings.parseTime("")).isEmpty();
    assertThat(F5Settings.parseTime("1.5s")).isEmpty();
    assertThat(F5Settings.parseTime("-3s")).isEmpty();
  }

  @Test
  void ingressNginxAnnotationsLeftFromAMigrationChangeNothing() {
    F5NginxModel.Rendered r =
        render(
            List.of(
                ingress("i", "chat")
                    .annotations(
                        Map.of(
                            "nginx.ingress.kubernetes.io/proxy-http-version", "1.0",
                            "nginx.ingress.kubernetes.io/proxy-read-timeout", "3600"))
                    .build()),
            Map.of(),
            false);
    assertThat(block(r)).contains("proxy_http_version 1.1;").contains("proxy_read_timeout 60s;");
    assertThat(r.config()).doesNotContain("proxy_http_version 1.0");
  }

  @Test
  void snippetsAreRejectedUnlessEnabledThenRenderedVerbatim() {
    Ingress withSnippet =
        ingress("i", "chat")
            .annotations(Map.of(P + "location-snippets", "proxy_http_version 1.0;"))
            .build();
    F5NginxModel.Rendered off = render(List.of(withSnippet), Map.of(), false);
    assertThat(off.locations()).isEmpty();
    assertThat(off.rejected()).containsKey("shop/i");
    F5NginxModel.Rendered on = render(List.of(withSnippet), Map.of(), true);
    assertThat(block(on)).contains("proxy_http_version 1.1;").contains("proxy_http_version 1.0;");
  }

  @Test
  void theOlderIngressKeepsAHostAndOtherClassesAreNotServed() {
    Ingress older = ingress("older", "chat").created("2025-01-01T00:00:00Z").build();
    Ingress newer =
        ingress("newer", "chat")
            .annotations(Map.of(P + "websocket-services", "chat"))
            .created("2026-06-01T00:00:00Z")
            .build();
    Ingress other = IngressDraft.of("shop", "other").className("traefik").host("b.example").build();
    F5NginxModel.Rendered r = render(List.of(newer, other, older), Map.of(), false);
    assertThat(r.locations())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.ingress()).isEqualTo("shop/older");
              assertThat(l.websocket()).isFalse();
            });
    assertThat(r.rejected()).containsOnlyKeys("shop/newer");
  }

  @Test
  void anExactPathAndAMissingEndpointSliceRenderAsTheControllerDoes() {
    Ingress exact =
        IngressDraft.of("shop", "i").host("a.example").path("/ws", "Exact").service("gone").build();
    F5NginxModel.Rendered r = render(List.of(exact), Map.of(), false);
    F5NginxModel.Location l = r.location("a.example", "= /ws").orElseThrow();
    assertThat(l.servers()).containsExactly("127.0.0.1:8181");
    assertThat(r.config()).contains("    location = /ws {\n");
  }
}
