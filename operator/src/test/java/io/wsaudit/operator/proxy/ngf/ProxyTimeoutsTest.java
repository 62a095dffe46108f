package io.wsaudit.operator.proxy.ngf;

import static io.wsaudit.operator.proxy.ngf.NgfDrafts.T0;
import static io.wsaudit.operator.proxy.ngf.NgfDrafts.T1;
import static io.wsaudit.operator.proxy.ngf.NgfDrafts.chat;
import static io.wsaudit.operator.proxy.ngf.NgfDrafts.psp;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.wsaudit.operator.proxy.gatewayapi.GatewayRoute;
import io.wsaudit.operator.proxy.ngf.ProxyTimeout.Source;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProxyTimeoutsTest {

  static Stream<Arguments> cases() {
    GatewayRoute one = chat(null, "ngf");
    return Stream.of(
        Arguments.of(
            "no policy: nginx's 60 s for both", one, List.of(), "60s DEFAULT", "60s DEFAULT"),
        Arguments.of(
            "a Gateway policy sets both",
            one,
            List.of(psp("gw", T0, "Gateway", "ngf", Map.of("read", "1h", "send", "1h"))),
            "3600s GATEWAY_POLICY shop/gw",
            "3600s GATEWAY_POLICY shop/gw"),
        Arguments.of(
            "the route's policy wins, directive by directive",
            one,
            List.of(
                psp("gw", T0, "Gateway", "ngf", Map.of("read", "10m", "send", "10m")),
                psp("rt", T1, "HTTPRoute", "chat", Map.of("read", "2h"))),
            "7200s ROUTE_POLICY shop/rt",
            "600s GATEWAY_POLICY shop/gw"),
        Arguments.of(
            "a younger route policy setting the same field is rejected whole",
            one,
            List.of(
                psp("old", T0, "HTTPRoute", "chat", Map.of("read", "5m")),
                psp("young", T1, "HTTPRoute", "chat", Map.of("read", "2h", "send", "2h"))),
            "300s ROUTE_POLICY shop/old",
            "60s DEFAULT"),
        Arguments.of(
            "policies on the same route that set different fields both apply",
            one,
            List.of(
                psp("r", T0, "HTTPRoute", "chat", Map.of("read", "5m")),
                psp("s", T1, "HTTPRoute", "chat", Map.of("send", "7m"))),
            "300s ROUTE_POLICY shop/r",
            "420s ROUTE_POLICY shop/s"),
        Arguments.of(
            "no unit means seconds",
            one,
            List.of(psp("rt", T0, "HTTPRoute", "chat", Map.of("read", "3600"))),
            "3600s ROUTE_POLICY shop/rt",
            "60s DEFAULT"),
        Arguments.of(
            "a policy on another route does nothing here",
            one,
            List.of(psp("rt", T0, "HTTPRoute", "feed", Map.of("read", "1h"))),
            "60s DEFAULT",
            "60s DEFAULT"),
        Arguments.of(
            "through two Gateways the shorter timer counts",
            chat(null, "ngf", "ngf-b"),
            List.of(
                psp("a", T0, "Gateway", "ngf", Map.of("read", "1h")),
                psp("b", T0, "Gateway", "ngf-b", Map.of("read", "2m"))),
            "120s GATEWAY_POLICY shop/b",
            "60s DEFAULT"),
        Arguments.of(
            "the route's own timeouts.request changes nothing",
            chat("3600s", "ngf"),
            List.of(),
            "60s DEFAULT",
            "60s DEFAULT"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void resolvesTheTimersNgfRenders(
      String why,
      GatewayRoute route,
      List<GenericKubernetesResource> policies,
      String read,
      String send) {
    ProxyTimeouts t = ProxyTimeouts.effective(route, policies);

    assertThat(describe(t.read())).as(why + " (read)").isEqualTo(read);
    assertThat(describe(t.send())).as(why + " (send)").isEqualTo(send);
  }

  private static String describe(ProxyTimeout t) {
    return t.value().getSeconds()
        + "s "
        + t.source()
        + (t.source() == Source.DEFAULT ? "" : " " + t.from());
  }
}
