package io.wsaudit.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.correlation.Route;
import io.wsaudit.operator.otlp.CloseObservation;
import io.wsaudit.operator.otlp.HandshakeObservation;
import io.wsaudit.operator.otlp.SpanSource;
import io.wsaudit.operator.proxy.ingressnginx.AnnotationChange;
import io.wsaudit.operator.proxy.ingressnginx.Setting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    assertThat(v.change()).contains(new AnnotationChange("proxy-http-version", "1.1"));
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
    assertThat(v.change()).contains(new AnnotationChange("connection-proxy-header", null));
    assertThat(v.explanation())
        .contains("connection-proxy-header: \"close\"", "remove that annotation");
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
        NOW);
  }

  private static ConnectionRecord upgraded(String version, Long durationMs) {
    HandshakeObservation h =
        handshake(version, WsAuditSpans.Outcome.UPGRADED, null, true, NOW.minusSeconds(10));
    CloseObservation c =
        new CloseObservation(
            "t",
            "c",
            h.source(),
            null,
            "/ws",
            version,
            1006L,
            "server",
            "keep_alive",
            durationMs,
            durationMs < 1000,
            NOW.minusSeconds(9));
    return new ConnectionRecord(ROUTE, "t", h, c);
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
    return new HandshakeObservation(
        "t",
        "c",
        new SpanSource("shop", "chat-0", null),
        "chat.example.com",
        "/ws",
        version,
        outcome,
        rejection,
        101L,
        keepAlive,
        List.of("upgrade"),
        at);
  }
}
