package io.wsaudit.operator.proxy.traefik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

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

/** Traefik's ingress-nginx provider as a table: annotations in, effective settings out. */
class TraefikProxyTest {

  static final Proxy TRAEFIK = Proxies.of(ControllerSettings.defaults(ProxyKind.TRAEFIK));
  static final String P = "nginx.ingress.kubernetes.io/";

  static Stream<Arguments> rows() {
    return Stream.of(
        unchanged("no annotation: the provider's 60 s", Map.of()),
        arguments(
            "whole seconds are read",
            Map.of(P + "proxy-read-timeout", "3600", P + "proxy-send-timeout", "120"),
            "3600",
            Setting.Source.ANNOTATION,
            "120"),
        unchanged(
            "a unit makes strconv.Atoi fail: ignored", Map.of(P + "proxy-read-timeout", "3600s")),
        unchanged(
            "proxy-http-version 1.0 is ignored: still 1.1",
            Map.of(P + "proxy-http-version", "1.0")),
        unchanged(
            "connection-proxy-header is not read", Map.of(P + "connection-proxy-header", "close")));
  }

  /** Annotations the provider does not honour: its 60 s defaults stand. */
  static Arguments unchanged(String name, Map<String, String> annotations) {
    return arguments(name, annotations, "60", Setting.Source.DEFAULT, "60");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void effectiveSettings(
      String name,
      Map<String, String> annotations,
      String read,
      Setting.Source readSource,
      String send) {
    // The ConfigMap is ingress-nginx's, not Traefik's: it must change nothing.
    ProxySettings s =
        TRAEFIK.settings(
            ChatIngress.annotated(annotations),
            new ConfigMapBuilder().withData(Map.of("proxy-read-timeout", "10")).build());
    assertThat(s.idleTimeouts().read().value()).isEqualTo(read);
    assertThat(s.idleTimeouts().read().source()).isEqualTo(readSource);
    assertThat(s.idleTimeouts().send().value()).isEqualTo(send);
    // Whatever the annotations say, the provider speaks HTTP/1.1 and sends the client's header.
    assertThat(s.httpVersion().value()).isEqualTo("1.1");
    assertThat(s.connectionHeader()).isNull();
    assertThat(s.upgrades().passed()).isTrue();
    assertThat(s.proxy()).isEqualTo(ProxyKind.TRAEFIK);
  }

  @Test
  void idleFixRaisesTheSameAnnotationsInWholeSeconds() {
    ProxySettings s =
        TRAEFIK.settings(ChatIngress.annotated(Map.of(P + "proxy-send-timeout", "7200")), null);
    var fix = s.fixes().raiseIdleTimeouts(s, 3600);
    assertThat(fix.changes()).containsExactly(new AnnotationChange("proxy-read-timeout", "3600"));
    assertThat(fix.instruction())
        .contains(P + "proxy-read-timeout", "whole seconds", "proxyReadTimeout");
  }

  @Test
  void neitherHttp10NorTheConnectionHeaderIsEverItsFixAndNoReloadDropsConnections() {
    ProxySettings s = TRAEFIK.settings(ChatIngress.annotated(Map.of()), null);
    assertThat(s.fixes().http11(s).ours()).isFalse();
    assertThat(s.fixes().dropConnectionHeader(s).ours()).isFalse();
    assertThat(TRAEFIK.reloadsOnChange()).isFalse();
    assertThat(TRAEFIK.patchable()).containsExactly("proxy-read-timeout", "proxy-send-timeout");
  }
}
