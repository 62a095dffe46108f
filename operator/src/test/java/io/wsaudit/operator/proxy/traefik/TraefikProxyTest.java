package io.wsaudit.operator.proxy.traefik;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.operator.proxy.AnnotationChange;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.Proxies;
import io.wsaudit.operator.proxy.Proxy;
import io.wsaudit.operator.proxy.ProxyKind;
import io.wsaudit.operator.proxy.ProxySettings;
import io.wsaudit.operator.proxy.Setting;
import io.wsaudit.testkit.kube.IngressDraft;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Traefik's ingress-nginx provider as a table: annotations in, effective settings out. */
class TraefikProxyTest {

  static final Proxy TRAEFIK = Proxies.of(ControllerSettings.defaults(ProxyKind.TRAEFIK));
  static final String P = "nginx.ingress.kubernetes.io/";

  record Row(
      String name,
      Map<String, String> annotations,
      String read,
      Setting.Source readSource,
      String send,
      String httpVersion,
      String connectionHeader) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Row> rows() {
    return Stream.of(
        new Row(
            "no annotation: the provider's 60 s",
            Map.of(),
            "60",
            Setting.Source.DEFAULT,
            "60",
            "1.1",
            null),
        new Row(
            "whole seconds are read",
            Map.of(P + "proxy-read-timeout", "3600", P + "proxy-send-timeout", "120"),
            "3600",
            Setting.Source.ANNOTATION,
            "120",
            "1.1",
            null),
        new Row(
            "a unit makes strconv.Atoi fail: ignored",
            Map.of(P + "proxy-read-timeout", "3600s"),
            "60",
            Setting.Source.DEFAULT,
            "60",
            "1.1",
            null),
        new Row(
            "proxy-http-version 1.0 is ignored: still 1.1",
            Map.of(P + "proxy-http-version", "1.0"),
            "60",
            Setting.Source.DEFAULT,
            "60",
            "1.1",
            null),
        new Row(
            "connection-proxy-header is not read",
            Map.of(P + "connection-proxy-header", "close"),
            "60",
            Setting.Source.DEFAULT,
            "60",
            "1.1",
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void effectiveSettings(Row row) {
    // The ConfigMap is ingress-nginx's, not Traefik's: it must change nothing.
    ProxySettings s =
        TRAEFIK.settings(
            ingress(row.annotations()),
            new ConfigMapBuilder().withData(Map.of("proxy-read-timeout", "10")).build());
    assertThat(s.idleTimeouts().read().value()).isEqualTo(row.read());
    assertThat(s.idleTimeouts().read().source()).isEqualTo(row.readSource());
    assertThat(s.idleTimeouts().send().value()).isEqualTo(row.send());
    assertThat(s.httpVersion().value()).isEqualTo(row.httpVersion());
    assertThat(s.connectionHeader()).isEqualTo(row.connectionHeader());
    assertThat(s.upgrades().passed()).isTrue();
    assertThat(s.proxy()).isEqualTo(ProxyKind.TRAEFIK);
  }

  @Test
  void idleFixRaisesTheSameAnnotationsInWholeSeconds() {
    ProxySettings s = TRAEFIK.settings(ingress(Map.of(P + "proxy-send-timeout", "7200")), null);
    var fix = s.fixes().raiseIdleTimeouts(s, 3600);
    assertThat(fix.changes()).containsExactly(new AnnotationChange("proxy-read-timeout", "3600"));
    assertThat(fix.instruction())
        .contains(P + "proxy-read-timeout", "whole seconds", "proxyReadTimeout");
  }

  @Test
  void neitherHttp10NorTheConnectionHeaderIsEverItsFixAndNoReloadDropsConnections() {
    ProxySettings s = TRAEFIK.settings(ingress(Map.of()), null);
    assertThat(s.fixes().http11(s).ours()).isFalse();
    assertThat(s.fixes().dropConnectionHeader(s).ours()).isFalse();
    assertThat(TRAEFIK.reloadsOnChange()).isFalse();
    assertThat(TRAEFIK.patchable()).containsExactly("proxy-read-timeout", "proxy-send-timeout");
  }

  static Ingress ingress(Map<String, String> annotations) {
    return IngressDraft.of("shop", "chat")
        .host("chat.example.com")
        .service("chat")
        .annotations(annotations)
        .build();
  }
}
