package io.wsaudit.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.operator.api.v1alpha1.IdleTimeoutPolicy;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.correlation.Route;
import io.wsaudit.operator.otlp.CloseObservation;
import io.wsaudit.operator.otlp.HandshakeObservation;
import io.wsaudit.operator.otlp.IdleEvidence;
import io.wsaudit.operator.proxy.AnnotationChange;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.IdleTimeouts;
import io.wsaudit.operator.proxy.Setting;
import io.wsaudit.operator.proxy.ingressnginx.EffectiveSettings;
import io.wsaudit.operator.proxy.ingressnginx.Reload;
import io.wsaudit.operator.testing.Observations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules as pure functions of a RuleInput: thresholds, verdicts, explanations and proposed
 * changes.
 */
class RulesTest {

  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  static final Route ROUTE = new Route("shop", "chat", "chat.example.com", "/");
  static final Setting HTTP10_BY_ANNOTATION = new Setting("1.0", Setting.Source.ANNOTATION, "1.0");
  static final Setting HTTP11_DEFAULT = new Setting("1.1", Setting.Source.DEFAULT, null);

  @Test
  void earlyCloseThresholdDecidesFailedHealthyPending() {
    Duration threshold = Duration.ofSeconds(1);
    assertThat(upgraded("1.0", 999L).health(threshold, NOW))
        .isEqualTo(ConnectionRecord.Health.FAILED);
    assertThat(upgraded("1.0", 1000L).health(threshold, NOW))
        .isEqualTo(ConnectionRecord.Health.HEALTHY);
    assertThat(
            rejected("1.1", WsAuditSpans.Rejection.MISSING_CONNECTION_UPGRADE)
                .health(threshold, NOW))
        .isEqualTo(ConnectionRecord.Health.FAILED);
    ConnectionRecord open =
        new ConnectionRecord(
            ROUTE,
            "t",
            handshake("1.1", WsAuditSpans.Outcome.UPGRADED, null, null, NOW.minusMillis(200)),
            null);
    assertThat(open.health(threshold, NOW)).isEqualTo(ConnectionRecord.Health.PENDING);
    assertThat(open.health(threshold, NOW.plusSeconds(2)))
        .isEqualTo(ConnectionRecord.Health.HEALTHY);
    ConnectionRecord droppedAfter101 =
        new ConnectionRecord(
            ROUTE, "t", handshake("1.0", WsAuditSpans.Outcome.UPGRADED, null, false, NOW), null);
    assertThat(droppedAfter101.health(threshold, NOW)).isEqualTo(ConnectionRecord.Health.FAILED);
  }

  @Test
  void upstreamHttp10NeedsMinConnectionsOfHttp10Failures() {
    List<ConnectionRecord> two =
        List.of(
            upgraded("1.0", 3L),
            upgraded("1.0", 3L),
            upgraded("1.1", 3L),
            upgraded("1.0", 60_000L));
    assertThat(new UpstreamHttp10().evaluate(input(two, HTTP10_BY_ANNOTATION, null))).isEmpty();
    List<ConnectionRecord> three = new ArrayList<>(two);
    three.add(rejected("1.0", WsAuditSpans.Rejection.HTTP_VERSION));
    RuleVerdict v =
        new UpstreamHttp10().evaluate(input(three, HTTP10_BY_ANNOTATION, null)).orElseThrow();
    assertThat(v.evidence()).hasSize(3);
    assertThat(v.changes()).contains(new AnnotationChange("proxy-http-version", "1.1"));
    assertThat(v.explanation()).startsWith("3 WebSocket upgrades through Ingress chat");
  }

  @Test
  void upstreamHttp10WithEffective11BlamesAnotherProxy_andProposesNoPatch() {
    List<ConnectionRecord> three =
        List.of(upgraded("1.0", 3L), upgraded("1.0", 3L), upgraded("1.0", 3L));
    RuleVerdict v = new UpstreamHttp10().evaluate(input(three, HTTP11_DEFAULT, null)).orElseThrow();
    assertThat(v.remediable()).isFalse();
    assertThat(v.explanation()).contains("another proxy");
  }

  @Test
  void connectionHeaderOverrideFiresOnlyWithoutUpgradeInTheAnnotation() {
    List<ConnectionRecord> three =
        List.of(
            rejected("1.1", "missing_connection_upgrade"),
            rejected("1.1", "missing_connection_upgrade"),
            rejected("1.1", "missing_connection_upgrade"));
    Rule rule = new ConnectionHeaderOverride();
    assertThat(rule.evaluate(input(three, HTTP11_DEFAULT, null))).isEmpty();
    assertThat(rule.evaluate(input(three, HTTP11_DEFAULT, "Upgrade"))).isEmpty();
    RuleVerdict v = rule.evaluate(input(three, HTTP11_DEFAULT, "close")).orElseThrow();
    assertThat(v.changes()).contains(new AnnotationChange("connection-proxy-header", null));
    assertThat(v.explanation())
        .contains("connection-proxy-header: \"close\"", "remove that annotation");
  }

  @Test
  void idleTimeoutRaisesBothTimeoutsWhenQuietConnectionsDieAtTheReadTimeout() {
    List<ConnectionRecord> cut = idleCuts(3, 60_300L, 60_300L);
    RuleVerdict v = new IdleTimeout().evaluate(idle(cut, IdleTimeouts.defaults())).orElseThrow();
    assertThat(v.changes())
        .containsExactly(
            new AnnotationChange("proxy-read-timeout", "3600"),
            new AnnotationChange("proxy-send-timeout", "3600"));
    assertThat(v.evidence()).hasSize(3);
    assertThat(v.explanation())
        .contains(
            "3 WebSocket connections through Ingress chat",
            "sent nothing for 60.3 s",
            "proxy-read-timeout (60 s, the ingress-nginx default)",
            "ping interval below 60 s");
    assertThat(new IdleTimeout().evaluate(idle(cut.subList(0, 2), IdleTimeouts.defaults())))
        .as("below minConnections")
        .isEmpty();
  }

  @Test
  void idleTimeoutMatchesTheConfigMapAndAnnotationLayers() {
    IdleTimeouts cm = timeouts(Map.of(), Map.of("proxy-read-timeout", "120"));
    assertThat(cm.read().source()).isEqualTo(Setting.Source.CONFIGMAP);
    RuleVerdict v =
        new IdleTimeout().evaluate(idle(idleCuts(3, 121_000L, 121_000L), cm)).orElseThrow();
    assertThat(v.remediable()).isTrue();
    assertThat(v.explanation()).contains("(120 s, the controller ConfigMap");
    // An annotation ingress-nginx refuses ("3600s" is not a bare integer) does not count.
    IdleTimeouts bad = timeouts(Map.of("proxy-read-timeout", "3600s"), Map.of());
    assertThat(bad.readSeconds()).isEqualTo(60);
    assertThat(bad.read().annotationValue()).isEqualTo("3600s");
  }

  @Test
  void aSilenceThatMatchesNeitherTimerIsAnotherHop_neverPatched() {
    RuleVerdict v =
        new IdleTimeout()
            .evaluate(idle(idleCuts(3, 30_100L, 30_200L), IdleTimeouts.defaults()))
            .orElseThrow();
    assertThat(v.remediable()).isFalse();
    assertThat(v.explanation())
        .contains("about 30 s", "neither proxy-read-timeout (60 s)", "another hop");
  }

  @Test
  void theServersOwnIdleTimeoutIsTheApplicationsSetting_neverPatched() {
    List<ConnectionRecord> byServer =
        times(3, () -> closed("server", "idle_timeout", 1001L, 60_000L, 60_000L, 60_000L));
    RuleVerdict v =
        new IdleTimeout().evaluate(idle(byServer, IdleTimeouts.defaults())).orElseThrow();
    assertThat(v.remediable()).isFalse();
    assertThat(v.explanation()).contains("server's own idle timeout", "application's setting");
  }

  @Test
  void clientClosesApplicationClosesAndBusyConnectionsAreNoFinding() {
    List<ConnectionRecord> none = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      none.add(closed("client", "client", 1000L, 60_000L, 60_000L, 60_000L));
      none.add(closed("server", "application", 1000L, 60_000L, 60_000L, 60_000L));
      // Died at 60 s of age, but traffic flowed up to the end: not idle.
      none.add(closed("transport", "eof", 1006L, 60_000L, 200L, 300L));
    }
    assertThat(new IdleTimeout().evaluate(idle(none, IdleTimeouts.defaults()))).isEmpty();
  }

  @Test
  void withoutIdleTimesNothingIsGuessedFromDurations() {
    List<ConnectionRecord> old =
        times(3, () -> closed("transport", "eof", 1006L, 60_100L, null, null));
    RuleVerdict v = new IdleTimeout().evaluate(idle(old, IdleTimeouts.defaults())).orElseThrow();
    assertThat(v.remediable()).isFalse();
    assertThat(v.explanation()).contains("carry no websocket.idle.received_ms", "update the agent");
    List<ConnectionRecord> otherAges =
        List.of(
            closed("transport", "eof", 1006L, 12_000L, null, null),
            closed("transport", "eof", 1006L, 13_000L, null, null),
            closed("transport", "eof", 1006L, 14_000L, null, null));
    assertThat(new IdleTimeout().evaluate(idle(otherAges, IdleTimeouts.defaults()))).isEmpty();
  }

  @Test
  void aRefusedPolicyOrTimeoutsAlreadyHighMeanNoPatch() {
    List<ConnectionRecord> cut = idleCuts(3, 60_300L, 60_300L);
    RuleInput refused =
        idle(cut, IdleTimeouts.defaults(), IdleTimeoutTerms.of(policy(90_000L, 86_400L)));
    RuleVerdict v = new IdleTimeout().evaluate(refused).orElseThrow();
    assertThat(v.remediable()).isFalse();
    assertThat(v.explanation()).contains("Not patched: spec.idleTimeout.raiseTo 90000");
    IdleTimeouts high =
        timeouts(Map.of("proxy-read-timeout", "3600", "proxy-send-timeout", "3600"), Map.of());
    RuleVerdict already =
        new IdleTimeout().evaluate(idle(idleCuts(3, 3_600_500L, 3_600_500L), high)).orElseThrow();
    assertThat(already.remediable()).isFalse();
    assertThat(already.explanation()).contains("already at least spec.idleTimeout.raiseTo");
  }

  @Test
  void afterAPatchConnectionsAreJudgedAgainstTheOldTimeouts() {
    IdleTimeout rule = new IdleTimeout();
    IdleTimeouts patched =
        timeouts(Map.of("proxy-read-timeout", "3600", "proxy-send-timeout", "3600"), Map.of());
    RuleInput now = idle(List.of(), patched);
    Map<String, String> previous = new HashMap<>();
    previous.put("proxy-read-timeout", null);
    previous.put("proxy-send-timeout", null);
    RuleInput before = rule.beforePatch(now, previous);
    assertThat(before.idleTimeouts().readSeconds()).isEqualTo(60);
    ConnectionRecord stillCut = idleCuts(1, 60_200L, 60_200L).get(0);
    ConnectionRecord outlived = closed("client", "client", 1000L, 600_000L, 1_000L, 300_000L);
    assertThat(rule.counts(stillCut, before)).isTrue();
    assertThat(rule.counts(stillCut, now)).isFalse();
    assertThat(rule.showsFixed(outlived, before)).isTrue();
    assertThat(rule.showsFixed(stillCut, before)).isFalse();
  }

  @Test
  void idleTimeoutPolicyBounds() {
    assertThat(IdleTimeoutTerms.of(null)).isEqualTo(new IdleTimeoutTerms(3600, 86400, null));
    assertThat(IdleTimeoutTerms.of(policy(0L, 86_400L)).problem()).contains("raiseTo 0");
    assertThat(IdleTimeoutTerms.of(policy(3600L, 10_000_000L)).problem())
        .contains("maximum 10000000");
    assertThat(IdleTimeoutTerms.of(policy(7200L, 7200L)).valid()).isTrue();
  }

  static final Instant RELOAD = NOW.minusSeconds(300);

  @Test
  void proxyReloadCountsDropsOfSeveralIngressesTogetherAfterAReload() {
    Instant at = RELOAD.plusSeconds(241);
    ControllerInput in =
        controller(
            List.of(new Reload(RELOAD, "Ingress shop/news", false)),
            drops("chat", 2, at),
            drops("feed", 2, at.plusSeconds(3)));
    RuleVerdict v = new ProxyReload().evaluate(in).orElseThrow();
    assertThat(v.remediable()).isFalse();
    assertThat(v.evidence()).hasSize(4);
    assertThat(v.explanation())
        .contains(
            "4 WebSocket connections through Ingresses chat, feed",
            "241 s after a change of Ingress shop/news",
            "worker-shutdown-timeout (240 s)",
            "No Ingress annotation fixes this")
        .doesNotContain("wsaudit's own patch");
  }

  @Test
  void proxyReloadNamesWsauditsOwnPatchAndItsBudget() {
    ControllerInput in =
        controller(
            List.of(new Reload(RELOAD, "Ingress shop/chat", true)),
            drops("chat", 2, RELOAD.plusSeconds(240)),
            drops("feed", 2, RELOAD.plusSeconds(240)));
    assertThat(new ProxyReload().evaluate(in).orElseThrow().explanation())
        .contains("wsaudit's own patch", "every patch is a reload", "--patch-interval");
  }

  @Test
  void proxyReloadNeedsSeveralIngressesDropsTogetherAndAReloadBefore() {
    ProxyReload rule = new ProxyReload();
    List<Reload> reload = List.of(new Reload(RELOAD, "ConfigMap ingress-nginx/x", false));
    Instant at = RELOAD.plusSeconds(240);
    assertThat(rule.evaluate(controller(reload, drops("chat", 4, at)))).as("one Ingress").isEmpty();
    assertThat(
            rule.evaluate(
                controller(reload, drops("chat", 2, at), drops("feed", 2, at.plusSeconds(30)))))
        .as("not together")
        .isEmpty();
    assertThat(
            rule.evaluate(
                controller(
                    List.of(new Reload(NOW.minusSeconds(10), "Ingress shop/chat", false)),
                    drops("chat", 2, at),
                    drops("feed", 2, at))))
        .as("the reload came after the drops")
        .isEmpty();
    assertThat(rule.evaluate(controller(List.of(), drops("chat", 2, at), drops("feed", 2, at))))
        .as("no reload seen")
        .isEmpty();
  }

  @Test
  void backendRolloutsAreReportedAsRollouts() {
    List<ConnectionRecord> shutdown =
        times(3, () -> closed("server", "shutdown", 1006L, 30_000L, 1_000L, 1_000L));
    ControllerInput in =
        controller(
            List.of(new Reload(RELOAD, "Ingress shop/chat", false)),
            new ControllerInput.Ingress("chat", shutdown, IdleTimeouts.defaults()));
    RuleVerdict v = new ProxyReload().evaluate(in).orElseThrow();
    assertThat(v.explanation()).contains("backend rollout, not the proxy", "pods chat-0");
  }

  @Test
  void idleCutsAreNotCountedAsReloadDrops() {
    Instant at = RELOAD.plusSeconds(240);
    ControllerInput in =
        controller(
            List.of(new Reload(RELOAD, "Ingress shop/news", false)),
            dropsQuiet("chat", 2, at, 60_200L),
            dropsQuiet("feed", 2, at, 60_200L));
    assertThat(new ProxyReload().evaluate(in)).isEmpty();
  }

  private static ControllerInput controller(
      List<Reload> reloads, ControllerInput.Ingress... ingresses) {
    return new ControllerInput(
        "ingress-nginx/ingress-nginx-controller",
        List.of(ingresses),
        reloads,
        Duration.ofSeconds(240),
        3,
        NOW);
  }

  private static ControllerInput.Ingress drops(String ingress, int n, Instant at) {
    return dropsQuiet(ingress, n, at, 1_500L);
  }

  private static ControllerInput.Ingress dropsQuiet(
      String ingress, int n, Instant at, long quietMs) {
    List<ConnectionRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ConnectionRecord c = closed("transport", "eof", 1006L, 600_000L, quietMs, quietMs);
      out.add(c.withClose(c.close().withTime(at.plusMillis(i))));
    }
    return new ControllerInput.Ingress(ingress, out, IdleTimeouts.defaults());
  }

  private static List<ConnectionRecord> times(int n, Supplier<ConnectionRecord> make) {
    return Stream.generate(make).limit(n).toList();
  }

  private static IdleTimeoutPolicy policy(Long raiseTo, Long maximum) {
    IdleTimeoutPolicy p = new IdleTimeoutPolicy();
    p.setRaiseTo(raiseTo);
    p.setMaximum(maximum);
    return p;
  }

  private static IdleTimeouts timeouts(Map<String, String> annotations, Map<String, String> cm) {
    Map<String, String> prefixed = new HashMap<>();
    annotations.forEach((k, v) -> prefixed.put("nginx.ingress.kubernetes.io/" + k, v));
    Ingress ingress =
        new IngressBuilder()
            .withNewMetadata()
            .withName("chat")
            .withAnnotations(prefixed)
            .endMetadata()
            .build();
    ConfigMap configMap = new ConfigMapBuilder().withData(cm).build();
    return new EffectiveSettings(ControllerSettings.defaults()).idleTimeouts(ingress, configMap);
  }

  private static RuleInput idle(List<ConnectionRecord> records, IdleTimeouts timeouts) {
    return idle(records, timeouts, IdleTimeoutTerms.of(null));
  }

  private static RuleInput idle(
      List<ConnectionRecord> records, IdleTimeouts timeouts, IdleTimeoutTerms terms) {
    RuleInput base = input(records, HTTP11_DEFAULT, null).withIdleTimeouts(timeouts);
    return new RuleInput(
        (Ingress) base.ingress(),
        records,
        3,
        base.earlyCloseThreshold(),
        HTTP11_DEFAULT,
        null,
        base.configMapName(),
        timeouts,
        terms,
        NOW);
  }

  /** n connections nginx-style cut: 1006, transport, eof, quiet for these times. */
  static List<ConnectionRecord> idleCuts(int n, Long receivedMs, Long sentMs) {
    List<ConnectionRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(closed("transport", "eof", 1006L, sentMs + 5_000, receivedMs, sentMs));
    }
    return out;
  }

  static ConnectionRecord closed(
      String initiator, String cause, Long code, Long durationMs, Long receivedMs, Long sentMs) {
    return connection(
        "1.1",
        NOW.minusSeconds(600),
        code,
        initiator,
        cause,
        durationMs,
        new IdleEvidence(receivedMs, sentMs, false),
        NOW.minusSeconds(1));
  }

  /** An upgraded connection opened at {@code opened} and closed at {@code closedAt} like so. */
  private static ConnectionRecord connection(
      String version,
      Instant opened,
      Long code,
      String initiator,
      String cause,
      Long durationMs,
      IdleEvidence idle,
      Instant closedAt) {
    HandshakeObservation h = handshake(version, WsAuditSpans.Outcome.UPGRADED, null, true, opened);
    CloseObservation c =
        Observations.close(
            "t", version, code, initiator, cause, durationMs, durationMs < 1000, idle, closedAt);
    return new ConnectionRecord(ROUTE, "t", h, c);
  }

  private static RuleInput input(
      List<ConnectionRecord> records, Setting version, String connectionHeader) {
    Ingress ingress =
        new IngressBuilder()
            .withNewMetadata()
            .withName("chat")
            .withNamespace("shop")
            .endMetadata()
            .build();
    return new RuleInput(
        ingress,
        records,
        3,
        Duration.ofSeconds(1),
        version,
        connectionHeader,
        "ingress-nginx/ingress-nginx-controller",
        IdleTimeouts.defaults(),
        IdleTimeoutTerms.of(null),
        NOW);
  }

  private static ConnectionRecord upgraded(String version, Long durationMs) {
    return connection(
        version,
        NOW.minusSeconds(10),
        1006L,
        "server",
        "keep_alive",
        durationMs,
        IdleEvidence.NONE,
        NOW.minusSeconds(9));
  }

  private static ConnectionRecord rejected(String version, String why) {
    return new ConnectionRecord(
        ROUTE,
        "t",
        handshake(version, WsAuditSpans.Outcome.REJECTED, why, null, NOW.minusSeconds(5)),
        null);
  }

  private static HandshakeObservation handshake(
      String version, String outcome, String rejection, Boolean keepAlive, Instant at) {
    return Observations.handshake("t", version, outcome, rejection, 101L, keepAlive, at);
  }
}
