package io.wsaudit.operator.proxy.gatewayapi;

import static io.wsaudit.operator.proxy.gatewayapi.GatewayApiDrafts.ENVOY;
import static io.wsaudit.operator.proxy.gatewayapi.GatewayApiDrafts.NGF;
import static io.wsaudit.operator.proxy.gatewayapi.GatewayApiDrafts.exact;
import static io.wsaudit.operator.proxy.gatewayapi.GatewayApiDrafts.path;
import static io.wsaudit.operator.proxy.gatewayapi.GatewayApiDrafts.prefix;
import static io.wsaudit.operator.proxy.gatewayapi.GatewayApiDrafts.route;
import static io.wsaudit.operator.proxy.gatewayapi.GatewayApiDrafts.rule;
import static io.wsaudit.operator.proxy.gatewayapi.GatewayApiDrafts.withHeader;
import static io.wsaudit.operator.proxy.gatewayapi.GatewayApiDrafts.withMethod;
import static io.wsaudit.testkit.kube.GatewayApiObjects.gateway;
import static io.wsaudit.testkit.kube.GatewayApiObjects.gatewayClass;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpRouteRouterTest {

  static final String T0 = "2026-01-01T00:00:00Z";
  static final String T1 = "2026-02-01T00:00:00Z";
  static final List<String> EG = List.of("shop/eg");

  static final HttpRouteIndex INDEX =
      HttpRouteIndex.of(
          List.of(
              gatewayClass("envoy", ENVOY),
              gatewayClass("nginx", NGF),
              gateway("shop", "eg", "envoy"),
              gateway("shop", "ngf", "nginx"),
              route(
                  "shop",
                  "r-exact",
                  T1,
                  List.of("chat.example.com"),
                  EG,
                  rule("chat", exact("/ws"))),
              route(
                  "shop",
                  "r-prefix",
                  T1,
                  List.of("chat.example.com"),
                  EG,
                  rule("chat", prefix("/ws/rooms/")),
                  rule("chat", prefix("/"))),
              route("shop", "r-wild", T0, List.of("*.example.com"), EG, rule("chat", prefix("/"))),
              route("shop", "r-any", T0, List.of(), EG, rule("chat", prefix("/legacy"))),
              route(
                  "shop",
                  "r-other-svc",
                  T0,
                  List.of("chat.example.com"),
                  EG,
                  rule("feed", exact("/ws"))),
              route("shop", "r-dup-b", T1, List.of("dup.example.com"), EG, rule("chat")),
              route("shop", "r-dup-a", T1, List.of("dup.example.com"), EG, rule("chat")),
              route("shop", "a-newer", T1, List.of("age.example.com"), EG, rule("chat")),
              route("shop", "r-older", T0, List.of("age.example.com"), EG, rule("chat")),
              route(
                  "shop",
                  "r-first",
                  T1,
                  List.of("first.example.com"),
                  EG,
                  rule("chat", prefix("/a")),
                  rule("chat", prefix("/a"))),
              route(
                  "shop",
                  "r-method",
                  T1,
                  List.of("m.example.com"),
                  EG,
                  rule("chat", withMethod(prefix("/"), "POST")),
                  rule("chat", prefix("/")),
                  rule("chat", withMethod(prefix("/"), "GET"))),
              route(
                  "shop",
                  "r-header",
                  T1,
                  List.of("h.example.com"),
                  EG,
                  rule("chat", withHeader(prefix("/"), "x-canary", "1")),
                  rule("chat", prefix("/v1"))),
              route(
                  "shop",
                  "r-regex",
                  T1,
                  List.of("re.example.com"),
                  EG,
                  rule("chat", path("RegularExpression", "/ws/[0-9]+")),
                  rule("chat", exact("/ws/7"))),
              route(
                  "shop", "r-ngf", T1, List.of("n.nginx.test"), List.of("shop/ngf"), rule("chat")),
              route(
                  "shop",
                  "r-no-gateway",
                  T1,
                  List.of("lost.test"),
                  List.of("shop/gone"),
                  rule("chat")),
              crossNamespace()));

  /** A route in namespace edge whose backendRef names shop/chat. */
  static HTTPRoute crossNamespace() {
    HTTPRoute r =
        route(
            "edge",
            "r-cross",
            T1,
            List.of("x.example.com"),
            EG,
            new HTTPRouteRuleBuilder()
                .withBackendRefs(
                    new HTTPBackendRefBuilder()
                        .withName("chat")
                        .withNamespace("shop")
                        .withPort(80)
                        .build())
                .build());
    return r;
  }

  @ParameterizedTest(name = "{0} {1}{2} -> {3}")
  @CsvSource({
    "Exact beats the PathPrefix /,                         chat.example.com, /ws,            shop/r-exact, 0",
    "the longest PathPrefix wins,                          chat.example.com, /ws/rooms/7,    shop/r-prefix, 0",
    "PathPrefix is element-wise (/ws/rooms not /ws/roomsX), chat.example.com, /ws/roomsX,    shop/r-prefix, 1",
    "a trailing slash in the prefix is ignored,            chat.example.com, /ws/rooms,      shop/r-prefix, 0",
    "the Host header's port is ignored,                    chat.example.com:8443, /ws,       shop/r-exact, 0",
    "an exact hostname beats a wildcard,                   chat.example.com, /other,         shop/r-prefix, 1",
    "a wildcard spans several labels,                      a.b.example.com,  /x,             shop/r-wild, 0",
    "a wildcard never matches the apex,                    example.com,      /legacy/feed,   shop/r-any, 0",
    "nothing fits,                                         other.org,        /x,             , ",
    "equal age: first by namespace/name,                   dup.example.com,  /,              shop/r-dup-a, 0",
    "the oldest route wins a tie,                          age.example.com,  /,              shop/r-older, 0",
    "within a route the first matching rule,               first.example.com, /a/b,          shop/r-first, 0",
    "a GET method match ranks first; POST never fits,      m.example.com,    /,              shop/r-method, 2",
    "a verifiable match beats one needing a header,        h.example.com,    /v1/x,          shop/r-header, 1",
    "a header match is the answer only if nothing else,    h.example.com,    /other,         shop/r-header, 0",
    "a RegularExpression path ranks below verified ones,   re.example.com,   /ws/7,          shop/r-regex, 1",
    "a route on another controller's Gateway is skipped,   n.nginx.test,    /,              , ",
    "a route whose Gateway is unknown is skipped,          lost.test, /,              , ",
    "a backendRef may name a Service in another namespace, x.example.com,    /,              edge/r-cross, 0",
    "an unknown host: hostnames rank alike and the path decides, ,              /legacy,        shop/r-any, 0",
  })
  void picksTheRuleTheSpecGivesPrecedence(
      String why, String host, String path, String expectedRoute, Integer expectedRule) {
    Optional<GatewayRoute> r =
        new HttpRouteRouter(INDEX).route("shop", Set.of("chat"), host, path, ENVOY::equals);

    if (expectedRoute == null) {
      assertThat(r).as(why).isEmpty();
    } else {
      assertThat(r).as(why).isPresent();
      assertThat(r.get().routeKey() + "#" + r.get().ruleIndex())
          .as(why)
          .isEqualTo(expectedRoute + "#" + expectedRule);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "Envoy Gateway, gateway.envoyproxy.io/gatewayclass-controller, ",
    "NGINX Gateway Fabric, gateway.nginx.org/nginx-gateway-controller, shop/ngf",
  })
  void returnsOnlyTheParentsOfTheWantedController(String why, String controller, String parent) {
    Optional<GatewayRoute> r =
        new HttpRouteRouter(INDEX)
            .route("shop", Set.of("chat"), "n.nginx.test", "/", controller::equals);

    assertThat(r.map(g -> g.parents().get(0).key())).as(why).isEqualTo(Optional.ofNullable(parent));
    r.ifPresent(
        g -> {
          assertThat(g.parents())
              .singleElement()
              .satisfies(p -> assertThat(p.controllerName()).isEqualTo(controller));
          assertThat(g.parents().get(0).gateway().getSpec().getGatewayClassName())
              .isEqualTo("nginx");
        });
  }
}
