package io.wsaudit.operator.proxy.f5nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.wsaudit.operator.proxy.AnnotationChange;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.Proxies;
import io.wsaudit.operator.proxy.Proxy;
import io.wsaudit.operator.proxy.ProxyKind;
import io.wsaudit.operator.proxy.ProxySettings;
import io.wsaudit.operator.proxy.Setting;
import io.wsaudit.operator.testing.ChatIngress;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** F5 NGINX Ingress Controller as a table: annotations and ConfigMap in, settings out. */
class F5NginxProxyTest {

  static final Proxy F5 = Proxies.of(ControllerSettings.defaults(ProxyKind.F5_NGINX));
  static final String P = "nginx.org/";

  static Stream<Arguments> rows() {
    return Stream.of(
        upgrades("nothing set: 60s, and no upgrade passed", null, false),
        upgrades("listed: upgrades passed", "chat", true),
        upgrades("listed among others", "feed,chat", true),
        upgrades(
            "after a space: F5 reads \" chat\", which is not the Service", "feed, chat", false),
        upgrades("another Service listed only", "feed", false),
        timeout("an nginx duration on the Ingress", "1h", null, "3600", Setting.Source.ANNOTATION),
        timeout(
            "the ConfigMap key for every Ingress", null, "120s", "120", Setting.Source.CONFIGMAP),
        timeout(
            "the Ingress over the ConfigMap", "3600s", "120s", "3600", Setting.Source.ANNOTATION),
        timeout("not a duration: the layer below", "soon", "90", "90", Setting.Source.CONFIGMAP),
        arguments(
            "ingress-nginx's prefix means nothing here",
            Map.of("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600"),
            Map.of(),
            "60",
            Setting.Source.DEFAULT,
            false));
  }

  /**
   * Only websocket-services set ({@code null}: nothing), so the read timeout is the 60 s default.
   */
  static Arguments upgrades(String name, String websocketServices, boolean passed) {
    Map<String, String> annotations =
        websocketServices == null ? Map.of() : Map.of(P + "websocket-services", websocketServices);
    return arguments(name, annotations, Map.of(), "60", Setting.Source.DEFAULT, passed);
  }

  /**
   * proxy-read-timeout on the Ingress and in the ConfigMap ({@code null}: not set), and no Service
   * listed for upgrades.
   */
  static Arguments timeout(
      String name, String onIngress, String inConfigMap, String read, Setting.Source readSource) {
    return arguments(
        name,
        onIngress == null ? Map.of() : Map.of(P + "proxy-read-timeout", onIngress),
        inConfigMap == null ? Map.of() : Map.of("proxy-read-timeout", inConfigMap),
        read,
        readSource,
        false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void effectiveSettings(
      String name,
      Map<String, String> annotations,
      Map<String, String> configMap,
      String read,
      Setting.Source readSource,
      boolean upgrades) {
    ConfigMap cm = new ConfigMapBuilder().withData(configMap).build();
    ProxySettings s = F5.settings(ChatIngress.annotated(annotations), cm);
    assertThat(s.idleTimeouts().read().value()).isEqualTo(read);
    assertThat(s.idleTimeouts().read().source()).isEqualTo(readSource);
    assertThat(s.upgrades().passed()).isEqualTo(upgrades);
    // The template renders proxy_http_version 1.1 in every location.
    assertThat(s.httpVersion().value()).isEqualTo("1.1");
    assertThat(s.connectionHeader()).isNull();
  }

  @Test
  void theUpgradeFixAddsTheServiceAndKeepsTheOthers() {
    ProxySettings s =
        F5.settings(ChatIngress.annotated(Map.of(P + "websocket-services", "feed")), null);
    assertThat(s.upgrades().why()).contains("Service chat", P + "websocket-services");
    var fix = s.fixes().passUpgrades(s);
    assertThat(fix.changes())
        .containsExactly(new AnnotationChange("websocket-services", "feed,chat"));
    assertThat(fix.instruction()).contains("add the Service to nginx.org/websocket-services");
  }

  @Test
  void aNameAfterASpaceIsNotTheServiceAndTheFixKeepsTheValueAsItWas() {
    ProxySettings s =
        F5.settings(ChatIngress.annotated(Map.of(P + "websocket-services", "feed, chat")), null);
    assertThat(s.upgrades().passed()).isFalse();
    assertThat(s.fixes().passUpgrades(s).changes())
        .containsExactly(new AnnotationChange("websocket-services", "feed, chat,chat"));
  }

  @Test
  void theIdleFixWritesNginxDurationsUnderNginxOrg() {
    ProxySettings s = F5.settings(ChatIngress.annotated(Map.of()), null);
    var fix = s.fixes().raiseIdleTimeouts(s, 3600);
    assertThat(fix.changes())
        .containsExactly(
            new AnnotationChange("proxy-read-timeout", "3600s"),
            new AnnotationChange("proxy-send-timeout", "3600s"));
    assertThat(fix.instruction()).contains(P + "proxy-read-timeout", "VirtualServer");
    assertThat(F5.controller().annotation("proxy-read-timeout"))
        .isEqualTo("nginx.org/proxy-read-timeout");
    assertThat(s.fixes().http11(s).ours()).isFalse();
  }
}
