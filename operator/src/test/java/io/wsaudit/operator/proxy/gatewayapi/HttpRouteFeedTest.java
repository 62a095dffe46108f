package io.wsaudit.operator.proxy.gatewayapi;

import static io.wsaudit.operator.proxy.gatewayapi.GatewayApiDrafts.ENVOY;
import static io.wsaudit.operator.proxy.gatewayapi.GatewayApiDrafts.exact;
import static io.wsaudit.operator.proxy.gatewayapi.GatewayApiDrafts.route;
import static io.wsaudit.operator.proxy.gatewayapi.GatewayApiDrafts.rule;
import static io.wsaudit.testkit.kube.GatewayApiObjects.gateway;
import static io.wsaudit.testkit.kube.GatewayApiObjects.gatewayClass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.wsaudit.testkit.kube.MockApiServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The typed Gateway API kinds served from their published CRDs, watched into the index. */
class HttpRouteFeedTest {

  @Test
  void theIndexFollowsRoutesGatewaysAndClassesAsTheyChange() throws Exception {
    try (MockApiServer api =
        MockApiServer.start()
            .withCrdResources(
                VendoredCrds.GATEWAYCLASSES, VendoredCrds.GATEWAYS, VendoredCrds.HTTPROUTES)) {
      var c = api.client();
      c.resources(GatewayClass.class).resource(gatewayClass("envoy", ENVOY)).create();
      c.resources(Gateway.class)
          .inNamespace("infra")
          .resource(gateway("infra", "eg", "envoy"))
          .create();
      HTTPRoute chat =
          route(
              "shop",
              "chat",
              "2026-01-01T00:00:00Z",
              List.of("chat.example.com"),
              List.of("infra/eg"),
              rule("chat", exact("/ws")));
      c.resources(HTTPRoute.class).inNamespace("shop").resource(chat).create();

      HttpRouteIndex index = new HttpRouteIndex();
      HttpRouteRouter router = new HttpRouteRouter(index);
      try (HttpRouteFeed feed = new HttpRouteFeed(c, index)) {
        feed.start().get(30, TimeUnit.SECONDS);

        assertThat(routed(router, "/ws"))
            .hasValueSatisfying(
                r -> {
                  assertThat(r.routeKey()).isEqualTo("shop/chat");
                  assertThat(r.parents())
                      .singleElement()
                      .satisfies(p -> assertThat(p.key()).isEqualTo("infra/eg"))
                      .satisfies(p -> assertThat(p.controllerName()).isEqualTo(ENVOY));
                });

        HTTPRoute moved =
            new HTTPRouteBuilder(
                    c.resources(HTTPRoute.class).inNamespace("shop").withName("chat").get())
                .editSpec()
                .withRules(rule("feed", exact("/ws")))
                .endSpec()
                .build();
        c.resources(HTTPRoute.class).inNamespace("shop").resource(moved).update();
        await().atMost(Duration.ofSeconds(10)).until(() -> routed(router, "/ws").isEmpty());
        assertThat(index.routesForService("shop", "feed")).hasSize(1);

        c.resources(HTTPRoute.class).inNamespace("shop").withName("chat").delete();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> index.routesForService("shop", "feed").isEmpty());

        c.resources(HTTPRoute.class).inNamespace("shop").resource(chat).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> routed(router, "/ws").isPresent());
        c.resources(GatewayClass.class).withName("envoy").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> routed(router, "/ws").isEmpty());
      }
    }
  }

  private static Optional<GatewayRoute> routed(HttpRouteRouter router, String path) {
    return router.route("shop", Set.of("chat"), "chat.example.com", path, ENVOY::equals);
  }
}
