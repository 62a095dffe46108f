package io.wsaudit.operator.proxy.envoygateway;

import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.T0;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.T1;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.btp;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.chat;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.onGateway;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.onRoute;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.wsaudit.operator.proxy.envoygateway.UpgradeReport.Kind;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UpgradeChecksTest {

  static final Map<String, Object> BUFFER = Map.of("requestBuffer", Map.of("limit", "4Mi"));
  static final Map<String, Object> WS = Map.of("httpUpgrade", List.of(Map.of("type", "websocket")));
  static final Map<String, Object> CONNECT_ONLY =
      Map.of("httpUpgrade", List.of(Map.of("type", "CONNECT")));

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("no policy: websocket upgrades by default", List.of(), null, List.of()),
        Arguments.of(
            "a requestBuffer on the route drops upgrades",
            List.of(btp("buf", T0, onRoute(), BUFFER)),
            null,
            List.of(Kind.UPGRADES_DISABLED_BY_REQUEST_BUFFER)),
        Arguments.of(
            "a requestBuffer on the Gateway reaches the route too",
            List.of(btp("buf", T0, onGateway(), BUFFER)),
            null,
            List.of(Kind.UPGRADES_DISABLED_BY_REQUEST_BUFFER)),
        Arguments.of(
            "a route policy without mergeType hides the Gateway's requestBuffer",
            List.of(btp("buf", T0, onGateway(), BUFFER), btp("rt", T1, onRoute(), Map.of())),
            null,
            List.of()),
        Arguments.of(
            "an httpUpgrade list without websocket replaces the default",
            List.of(btp("up", T0, onRoute(), CONNECT_ONLY)),
            null,
            List.of(Kind.WEBSOCKET_NOT_IN_UPGRADES)),
        Arguments.of(
            "an httpUpgrade list naming websocket is fine",
            List.of(btp("up", T0, onRoute(), WS)),
            null,
            List.of()),
        Arguments.of(
            "appProtocol kubernetes.io/ws is noted, not a fault",
            List.of(),
            service("kubernetes.io/ws"),
            List.of(Kind.WEBSOCKET_APP_PROTOCOL)),
        Arguments.of("another appProtocol says nothing", List.of(), service("http"), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsWhatDecidesTheUpgrade(
      String why, List<GenericKubernetesResource> btps, Service backend, List<Kind> expected) {
    List<UpgradeReport> reports = UpgradeChecks.check(chat(null, false, null), btps, backend);

    assertThat(reports).as(why).extracting(UpgradeReport::kind).containsExactlyElementsOf(expected);
    assertThat(reports.stream().anyMatch(UpgradeReport::breaksUpgrades))
        .as(why)
        .isEqualTo(expected.stream().anyMatch(k -> k != Kind.WEBSOCKET_APP_PROTOCOL));
  }

  private static Service service(String appProtocol) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace("shop")
        .withName("chat")
        .endMetadata()
        .withNewSpec()
        .addNewPort()
        .withName("ws")
        .withPort(8080)
        .withAppProtocol(appProtocol)
        .endPort()
        .endSpec()
        .build();
  }
}
