package io.wsaudit.e2e.ngf;

import static io.wsaudit.e2e.ngf.NgfObjects.gateway;
import static io.wsaudit.e2e.ngf.NgfObjects.gatewayClass;
import static io.wsaudit.e2e.ngf.NgfObjects.policy;
import static io.wsaudit.e2e.ngf.NgfObjects.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.wsaudit.e2e.nginx.ModelRuntime;
import io.wsaudit.testkit.kube.KubeObjects;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the NGINX Gateway Fabric model renders for a Gateway and its HTTPRoutes, checked against the
 * rules of nginx/nginx-gateway-fabric v2.6.7's templates and graph code.
 */
class NgfModelTest {

  private static final ModelRuntime RT = new ModelRuntime(Path.of("/tmp/x"), 18080, false, 2);
  private static final String HOST = "chat.example";

  private static NgfModel.Rendered render(
      List<HTTPRoute> routes, List<GenericKubernetesResource> policies, String controller) {
    return new NgfModel(NgfObjects.NS, "gw")
        .render(
            new NgfModel.Input(
                List.of(gatewayClass("nginx", controller)),
                List.of(gateway("gw", "nginx")),
                routes,
                policies,
                List.of(KubeObjects.service(NgfObjects.NS, "chat", 9001)),
                List.of(KubeObjects.endpointSlice(NgfObjects.NS, "chat", 9001, "127.0.0.1"))),
            RT);
  }

  private static NgfModel.Location only(List<GenericKubernetesResource> policies) {
    return render(List.of(route("chat", HOST, "gw", "chat")), policies, NgfModel.CONTROLLER_NAME)
        .location(HOST, "/")
        .orElseThrow();
  }

  @Test
  void everyLocationPassesUpgradesOverHttp11WithTheKeepaliveConnectionMap() {
    NgfModel.Rendered r =
        render(List.of(route("chat", HOST, "gw", "chat")), List.of(), NgfModel.CONTROLLER_NAME);
    assertThat(r.served()).isTrue();
    NgfModel.Location l = r.location(HOST, "/").orElseThrow();
    assertThat(l.servers()).containsExactly("127.0.0.1:9001");
    assertThat(List.of(l.readTimeout(), l.readFrom())).containsExactly("60s", "nginx default");
    assertThat(r.config())
        .contains("map $http_upgrade $connection_keepalive {\n    default upgrade;\n    '' '';")
        .contains(
            "upstream shop_chat_80 {\n    random two least_conn;\n    zone shop_chat_80 512k;\n"
                + "    server 127.0.0.1:9001;\n    keepalive 16;\n  }")
        .contains(
            "      proxy_http_version 1.1;\n"
                + "      proxy_set_header Host \"$gw_api_compliant_host\";\n")
        .contains(
            "      proxy_set_header Upgrade \"$http_upgrade\";\n"
                + "      proxy_set_header Connection \"$connection_keepalive\";\n"
                + "      proxy_pass http://shop_chat_80;\n")
        .doesNotContain("proxy_read_timeout");
  }

  @Test
  void aGatewayPolicyGoesToTheHttpContextAndARoutePolicyWinsDirectiveByDirective() {
    GenericKubernetesResource onGateway =
        policy("gw-timeouts", "Gateway", "gw", "3s", "5s", "2026-01-01T00:00:00Z");
    NgfModel.Location gatewayOnly = only(List.of(onGateway));
    assertThat(List.of(gatewayOnly.readTimeout(), gatewayOnly.readFrom()))
        .containsExactly("3s", "gateway");
    GenericKubernetesResource onRoute =
        policy("wsaudit-chat", "HTTPRoute", "chat", "1h", null, "2026-02-01T00:00:00Z");
    NgfModel.Rendered both =
        render(
            List.of(route("chat", HOST, "gw", "chat")),
            List.of(onGateway, onRoute),
            NgfModel.CONTROLLER_NAME);
    NgfModel.Location l = both.location(HOST, "/").orElseThrow();
    assertThat(List.of(l.readTimeout(), l.readFrom(), l.sendTimeout(), l.sendFrom()))
        .containsExactly("1h", "route", "5s", "gateway");
    assertThat(both.config())
        .contains(
            "  # include /etc/nginx/includes/ProxySettingsPolicy_shop_gw-timeouts.conf\n"
                + "  proxy_read_timeout 3s;\n  proxy_send_timeout 5s;\n")
        .contains(
            "    location / {\n"
                + "      # include /etc/nginx/includes/ProxySettingsPolicy_shop_wsaudit-chat.conf\n"
                + "      proxy_read_timeout 1h;\n      proxy_http_version 1.1;\n");
  }

  @Test
  void ofTwoPoliciesSettingOneFieldOnOneTargetTheYoungerIsRejectedWhole() {
    GenericKubernetesResource older =
        policy("older", "HTTPRoute", "chat", "3s", null, "2026-01-01T00:00:00Z");
    GenericKubernetesResource younger =
        policy("younger", "HTTPRoute", "chat", "1h", "1h", "2026-03-01T00:00:00Z");
    NgfModel.Location l = only(List.of(younger, older));
    assertThat(l.includes())
        .extracting(i -> i.file())
        .containsExactly("ProxySettingsPolicy_shop_older.conf");
    assertThat(List.of(l.readTimeout(), l.sendTimeout())).containsExactly("3s", "60s");
  }

  @Test
  void policiesOfOtherTargetsOrNamespacesDoNotApply() {
    GenericKubernetesResource otherRoute =
        policy("other", "HTTPRoute", "feed", "1h", null, "2026-01-01T00:00:00Z");
    GenericKubernetesResource elsewhere =
        policy("elsewhere", "Gateway", "gw", "1h", null, "2026-01-01T00:00:00Z");
    elsewhere.getMetadata().setNamespace("other");
    assertThat(only(List.of(otherRoute, elsewhere)).readFrom()).isEqualTo("nginx default");
  }

  @Test
  void theRoutesOwnTimeoutsAreIgnoredAsNgfDoes() {
    HTTPRoute plain = route("chat", HOST, "gw", "chat");
    HTTPRoute withTimeouts = NgfObjects.withTimeouts(plain, "3600s");
    assertThat(render(List.of(withTimeouts), List.of(), NgfModel.CONTROLLER_NAME).config())
        .isEqualTo(render(List.of(plain), List.of(), NgfModel.CONTROLLER_NAME).config());
  }

  @Test
  void aGatewayOfAnotherControllerIsNotServed() {
    NgfModel.Rendered r =
        render(
            List.of(route("chat", HOST, "gw", "chat")),
            List.of(),
            "gateway.envoyproxy.io/gatewayclass-controller");
    assertThat(r.served()).isFalse();
    assertThat(r.locations()).isEmpty();
  }

  @Test
  void pathPrefixesWithoutATrailingSlashGetTwoLocations() {
    HTTPRoute r =
        new HTTPRouteBuilder(route("chat", HOST, "gw", "chat"))
            .editSpec()
            .editFirstRule()
            .addNewMatch()
            .withNewPath()
            .withType("PathPrefix")
            .withValue("/ws")
            .endPath()
            .endMatch()
            .addNewMatch()
            .withNewPath()
            .withType("Exact")
            .withValue("/health")
            .endPath()
            .endMatch()
            .endRule()
            .endSpec()
            .build();
    assertThat(render(List.of(r), List.of(), NgfModel.CONTROLLER_NAME).locations())
        .extracting(NgfModel.Location::path)
        .containsExactly("/ws/", "= /ws", "= /health");
  }
}
