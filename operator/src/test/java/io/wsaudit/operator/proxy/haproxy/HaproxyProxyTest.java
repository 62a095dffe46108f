package io.wsaudit.operator.proxy.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.wsaudit.operator.proxy.AnnotationChange;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.Fix;
import io.wsaudit.operator.proxy.Proxies;
import io.wsaudit.operator.proxy.Proxy;
import io.wsaudit.operator.proxy.ProxyKind;
import io.wsaudit.operator.proxy.ProxySettings;
import io.wsaudit.operator.proxy.ServiceAnnotations;
import io.wsaudit.operator.proxy.Setting;
import io.wsaudit.operator.proxy.SettingKeys;
import io.wsaudit.testkit.kube.IngressDraft;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HAProxy Kubernetes Ingress controller behind the seam, as a table: Ingress, Service and
 * ConfigMap in; the idle limit with its source and timer, and the fix (written or reported), out.
 */
class HaproxyProxyTest {

  static final ControllerSettings CONTROLLER = ControllerSettings.defaults(ProxyKind.HAPROXY);
  static final Proxy HAPROXY = Proxies.of(CONTROLLER);
  static final String TS = "haproxy.org/timeout-server";
  static final long HOUR = 3600;

  /**
   * @param fixWrites the annotation change wsaudit writes; null when the fix is a report
   * @param fixSays what the instruction must name
   */
  record Row(
      String name,
      Map<String, String> ingress,
      Map<String, String> service,
      Map<String, String> configMap,
      long seconds,
      Setting.Source source,
      String timer,
      AnnotationChange fixWrites,
      List<String> fixSays) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Row> rows() {
    Map<String, String> tunnelOff = Map.of("timeout-tunnel", "0", "timeout-client", "2h");
    return Stream.of(
        new Row(
            "nothing set: the default tunnel timer, 1h, already enough",
            Map.of(),
            null,
            Map.of(),
            HOUR,
            Setting.Source.DEFAULT,
            "timeout tunnel",
            null,
            List.of("already reaches 3600 s")),
        new Row(
            "a short ConfigMap tunnel decides, whatever the Ingress says: report the key",
            Map.of(TS, "10s"),
            null,
            Map.of("timeout-tunnel", "3s"),
            3,
            Setting.Source.CONFIGMAP,
            "timeout tunnel",
            null,
            List.of(
                "timeout-tunnel: \"1h\"",
                "ConfigMap haproxy-controller/haproxy-kubernetes-ingress",
                "now \"3s\"")),
        new Row(
            "tunnel off, a short client timer: report timeout-tunnel (client is ConfigMap-only)",
            Map.of(),
            null,
            Map.of("timeout-tunnel", "0", "timeout-client", "2s", "timeout-server", "5s"),
            2,
            Setting.Source.CONFIGMAP,
            "timeout client",
            null,
            List.of("timeout-tunnel: \"1h\"", "timeout client")),
        new Row(
            "tunnel off, a short Ingress timeout-server: wsaudit writes the Ingress",
            Map.of(TS, "3s"),
            null,
            Map.of("timeout-tunnel", "0", "timeout-client", "2h"),
            3,
            Setting.Source.ANNOTATION,
            "timeout server",
            new AnnotationChange(SettingKeys.TIMEOUT_SERVER, "1h"),
            List.of("Set haproxy.org/timeout-server to \"1h\" on this Ingress")),
        new Row(
            "tunnel off, the ConfigMap's timeout-server: the Ingress annotation overrides it",
            Map.of(),
            null,
            Map.of("timeout-tunnel", "0", "timeout-client", "2h", "timeout-server", "4s"),
            4,
            Setting.Source.CONFIGMAP,
            "timeout server",
            new AnnotationChange(SettingKeys.TIMEOUT_SERVER, "1h"),
            List.of(TS)),
        new Row(
            "a Service annotation wins over the Ingress: report naming the Service",
            Map.of(TS, "1h"),
            Map.of(TS, "3s"),
            tunnelOff,
            3,
            Setting.Source.ANNOTATION,
            "timeout server",
            null,
            List.of("on Service shop/chat", TS, "now \"3s\"", "an Ingress patch would change")),
        new Row(
            "the Ingress's key under another prefix: reported, not written beside it",
            Map.of("ingress.kubernetes.io/timeout-server", "3s"),
            null,
            tunnelOff,
            3,
            Setting.Source.ANNOTATION,
            "timeout server",
            null,
            List.of("ingress.kubernetes.io/timeout-server", "wsaudit writes only " + TS)),
        new Row(
            "an invalid Ingress value leaves the defaults' timeout server",
            Map.of(TS, "soon"),
            null,
            tunnelOff,
            50,
            Setting.Source.DEFAULT,
            "timeout server",
            new AnnotationChange(SettingKeys.TIMEOUT_SERVER, "1h"),
            List.of(TS)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void settingsAndFixes(Row row) {
    ProxySettings s = settings(row.ingress(), row.service(), row.configMap());
    assertThat(s.idleTimeouts().readSeconds()).isEqualTo(row.seconds());
    assertThat(s.idleTimeouts().sendSeconds()).isEqualTo(row.seconds());
    assertThat(s.idleTimeouts().read().source()).isEqualTo(row.source());
    assertThat(s.fixes().idleTimerName(SettingKeys.PROXY_READ_TIMEOUT)).isEqualTo(row.timer());
    Fix fix = s.fixes().raiseIdleTimeouts(s, HOUR);
    if (row.fixWrites() == null) {
      assertThat(fix.ours()).isFalse();
    } else {
      assertThat(fix.changes()).containsExactly(row.fixWrites());
    }
    assertThat(fix.instruction()).contains(row.fixSays());
  }

  @Test
  void speaksHttp11AndPassesUpgradesWithNothingToPatchForR1OrR2() {
    ProxySettings s = settings(Map.of(), null, null);
    assertThat(s.httpVersion().value()).isEqualTo("1.1");
    assertThat(s.connectionHeader()).isNull();
    assertThat(s.upgrades().passed()).isTrue();
    assertThat(s.fixes().http11(s).ours()).isFalse();
    assertThat(s.fixes().http11(s).instruction()).contains("HTTP/1.1", "no annotation");
    assertThat(s.fixes().passUpgrades(s).ours()).isFalse();
  }

  @Test
  void theLimitBeforeAPatchIsTheOneThePreviousIngressValueGave() {
    Map<String, String> cm = Map.of("timeout-tunnel", "0", "timeout-client", "2h");
    ProxySettings patched = settings(Map.of(TS, "1h"), null, cm);
    assertThat(patched.idleTimeouts().readSeconds()).isEqualTo(HOUR);
    var before =
        patched
            .fixes()
            .idleTimeoutsBefore(patched.idleTimeouts(), Map.of(SettingKeys.TIMEOUT_SERVER, "3s"));
    assertThat(before.readSeconds()).isEqualTo(3);
    var absentBefore =
        patched
            .fixes()
            .idleTimeoutsBefore(
                patched.idleTimeouts(), Collections.singletonMap(SettingKeys.TIMEOUT_SERVER, null));
    // Without the Ingress's annotation the defaults' timeout server, 50s, decides.
    assertThat(absentBefore.readSeconds()).isEqualTo(50);
  }

  @Test
  void ofSeveralBackendsTheShortestLimitIsNamed() {
    Ingress two =
        new IngressBuilder(IngressDraft.of("shop", "chat").host("x").service("chat").build())
            .editSpec()
            .withNewDefaultBackend()
            .withNewService()
            .withName("feed")
            .withNewPort()
            .withNumber(80)
            .endPort()
            .endService()
            .endDefaultBackend()
            .endSpec()
            .build();
    ServiceAnnotations services =
        (ns, name) -> "feed".equals(name) ? Map.of(TS, "2s") : Map.of(TS, "9s");
    ConfigMap cm = new ConfigMapBuilder().withData(Map.of("timeout-tunnel", "0")).build();
    ProxySettings s = HAPROXY.settings(two, cm, services);
    assertThat(s.idleTimeouts().readSeconds()).isEqualTo(2);
    assertThat(s.fixes().source(s.idleTimeouts().read(), s)).contains("Service shop/feed");
  }

  @Test
  void defaultsFollowTheHaproxytechChartAndReloadIsTrue() {
    assertThat(CONTROLLER.annotationPrefix()).isEqualTo("haproxy.org");
    assertThat(CONTROLLER.controllerClass()).isEqualTo("haproxy.org/ingress-controller/haproxy");
    assertThat(CONTROLLER.configMapName())
        .isEqualTo("haproxy-controller/haproxy-kubernetes-ingress");
    assertThat(HAPROXY.patchable()).containsExactly(SettingKeys.TIMEOUT_SERVER);
    assertThat(HAPROXY.reloadsOnChange()).isTrue();
    assertThat(HAPROXY.readsServices()).isTrue();
    assertThat(Proxies.of(ControllerSettings.defaults()).readsServices()).isFalse();
  }

  static ProxySettings settings(
      Map<String, String> ingress, Map<String, String> service, Map<String, String> configMap) {
    ConfigMap cm = configMap == null ? null : new ConfigMapBuilder().withData(configMap).build();
    return HAPROXY.settings(
        IngressDraft.of("shop", "chat")
            .host("chat.example.com")
            .service("chat")
            .annotations(ingress)
            .build(),
        cm,
        (ns, name) -> "shop".equals(ns) && "chat".equals(name) ? service : null);
  }
}
