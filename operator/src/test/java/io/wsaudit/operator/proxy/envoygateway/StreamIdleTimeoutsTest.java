package io.wsaudit.operator.proxy.envoygateway;

import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.T0;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.T1;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.btp;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.chat;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.ctp;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.idle;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.onGateway;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.onListener;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.onRoute;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.onRule;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.plus;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.routesLabelled;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.wsaudit.operator.proxy.envoygateway.StreamIdleLimit.Source;
import io.wsaudit.operator.proxy.gatewayapi.GatewayDuration;
import io.wsaudit.operator.proxy.gatewayapi.GatewayRoute;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StreamIdleTimeoutsTest {

  static final Map<String, Object> MERGE = Map.of("mergeType", "StrategicMerge");
  static final Map<String, Object> REQUEST_10S =
      Map.of("timeout", Map.of("http", Map.of("requestTimeout", "10s")));

  static Stream<Arguments> cases() {
    GatewayRoute plain = chat(null, false, null);
    GatewayRoute named = chat(null, true, null);
    GatewayRoute viaListener = chat("http", false, null);
    return Stream.of(
        Arguments.of(
            "no policy: Envoy's 5 min", plain, List.of(), List.of(), "300s", Source.DEFAULT, null),
        Arguments.of(
            "a ClientTrafficPolicy on the Gateway",
            plain,
            List.of(),
            List.of(ctp("c", T0, onGateway(), idle("1h"))),
            "1h",
            Source.CLIENT_POLICY,
            "shop/c"),
        Arguments.of(
            "a listener's ClientTrafficPolicy beats the Gateway's when the route names the listener",
            viaListener,
            List.of(),
            List.of(
                ctp("gw", T0, onGateway(), idle("1h")), ctp("lst", T1, onListener(), idle("90s"))),
            "90s",
            Source.CLIENT_POLICY,
            "shop/lst"),
        Arguments.of(
            "a Gateway's BackendTrafficPolicy beats the ClientTrafficPolicy",
            plain,
            List.of(btp("b", T0, onGateway(), idle("20m"))),
            List.of(ctp("c", T0, onGateway(), idle("1h"))),
            "20m",
            Source.GATEWAY_POLICY,
            "shop/b"),
        Arguments.of(
            "the route's BackendTrafficPolicy beats the Gateway's",
            plain,
            List.of(btp("gw", T0, onGateway(), idle("20m")), btp("rt", T1, onRoute(), idle("2h"))),
            List.of(),
            "2h",
            Source.ROUTE_POLICY,
            "shop/rt"),
        Arguments.of(
            "a route policy without mergeType displaces the Gateway's, field and all",
            plain,
            List.of(btp("gw", T0, onGateway(), idle("20m")), btp("rt", T1, onRoute(), Map.of())),
            List.of(ctp("c", T0, onGateway(), idle("1h"))),
            "1h",
            Source.CLIENT_POLICY,
            "shop/c"),
        Arguments.of(
            "with mergeType the Gateway's field still applies",
            plain,
            List.of(btp("gw", T0, onGateway(), idle("20m")), btp("rt", T1, onRoute(), MERGE)),
            List.of(),
            "20m",
            Source.GATEWAY_POLICY,
            "shop/gw"),
        Arguments.of(
            "a policy on the rule beats the route's",
            named,
            List.of(btp("rt", T0, onRoute(), idle("2h")), btp("rl", T1, onRule(), idle("30m"))),
            List.of(),
            "30m",
            Source.ROUTE_RULE_POLICY,
            "shop/rl"),
        Arguments.of(
            "of two route policies the oldest wins",
            plain,
            List.of(
                btp("young", T1, onRoute(), idle("2h")), btp("old", T0, onRoute(), idle("10m"))),
            List.of(),
            "10m",
            Source.ROUTE_POLICY,
            "shop/old"),
        Arguments.of(
            "a label selector attaches like a targetRef",
            plain,
            List.of(btp("sel", T0, routesLabelled("team", "chat"), idle("45m"))),
            List.of(),
            "45m",
            Source.ROUTE_POLICY,
            "shop/sel"),
        Arguments.of(
            "a selector that does not match leaves the default",
            plain,
            List.of(btp("sel", T0, routesLabelled("team", "feed"), idle("45m"))),
            List.of(),
            "300s",
            Source.DEFAULT,
            null),
        Arguments.of(
            "a route request timeout of 10s gives max(1h, 10s)",
            chat(null, false, "10s"),
            List.of(),
            List.of(),
            "1h",
            Source.REQUEST_TIMEOUT,
            "shop/chat"),
        Arguments.of(
            "a route request timeout of 2h gives 2h",
            chat(null, false, "2h"),
            List.of(),
            List.of(),
            "2h",
            Source.REQUEST_TIMEOUT,
            "shop/chat"),
        Arguments.of(
            "a request timeout of 0s disables the idle limit",
            chat(null, false, "0s"),
            List.of(),
            List.of(),
            "0s",
            Source.REQUEST_TIMEOUT,
            "shop/chat"),
        Arguments.of(
            "a policy's requestTimeout counts too",
            plain,
            List.of(btp("rt", T0, onRoute(), REQUEST_10S)),
            List.of(),
            "1h",
            Source.REQUEST_TIMEOUT,
            "shop/rt"),
        Arguments.of(
            "a ClientTrafficPolicy idle limit wins over the request-timeout fallback",
            chat(null, false, "10s"),
            List.of(),
            List.of(ctp("c", T0, onGateway(), idle("5m"))),
            "300s",
            Source.CLIENT_POLICY,
            "shop/c"),
        Arguments.of(
            "a policy in another namespace does not attach",
            plain,
            List.of(other(btp("b", T0, onRoute(), idle("2h")))),
            List.of(),
            "300s",
            Source.DEFAULT,
            null),
        Arguments.of(
            "an invalid duration is skipped",
            plain,
            List.of(btp("b", T0, onRoute(), plus(idle("1 hour"), MERGE))),
            List.of(),
            "300s",
            Source.DEFAULT,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void resolvesThePrecedenceEnvoyGatewayApplies(
      String why,
      GatewayRoute route,
      List<GenericKubernetesResource> btps,
      List<GenericKubernetesResource> ctps,
      String limit,
      Source source,
      String from) {
    StreamIdleLimit l = StreamIdleTimeouts.effective(route, btps, ctps);

    assertThat(l.limit()).as(why).isEqualTo(GatewayDuration.parse(limit).orElseThrow());
    assertThat(l.source()).as(why).isEqualTo(source);
    assertThat(l.from()).as(why).isEqualTo(from);
  }

  private static GenericKubernetesResource other(GenericKubernetesResource p) {
    p.getMetadata().setNamespace("elsewhere");
    return p;
  }
}
