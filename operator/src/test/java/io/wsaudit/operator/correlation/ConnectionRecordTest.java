package io.wsaudit.operator.correlation;

import static io.wsaudit.operator.testing.Observations.close;
import static io.wsaudit.operator.testing.Observations.handshake;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.operator.otlp.CloseObservation;
import io.wsaudit.operator.otlp.HandshakeObservation;
import io.wsaudit.operator.otlp.IdleEvidence;
import io.wsaudit.operator.testing.Observations;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A short connection is a failure only when the peer did not end it with a clean close. */
class ConnectionRecordTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final Duration THRESHOLD = Duration.ofSeconds(1);

  /**
   * A peer's clean close (1000, 1001, 1005 from the client) is healthy however short; a short close
   * by the server, the transport, or with an error code still fails. Without the duration (empty
   * column) the agent's old early flag is not trusted over the peer's goodbye.
   */
  @ParameterizedTest(name = "{0} {1} after {2} ms (early {3}): {4}")
  @CsvSource({
    "client,    1000,   50, true,  HEALTHY",
    "client,    1001,   50, true,  HEALTHY",
    "client,    1005,   50, true,  HEALTHY",
    "client,    1000,     , true,  HEALTHY",
    "server,    1000,   50, true,  FAILED",
    "transport, 1006,   50, true,  FAILED",
    "client,    1002,   50, true,  FAILED",
    "transport, 1006, 5000, false, HEALTHY"
  })
  void healthOfAClosedConnection(
      String initiator, long code, Long durationMs, boolean early, ConnectionRecord.Health health) {
    assertThat(closed(initiator, code, durationMs, early).health(THRESHOLD, NOW)).isEqualTo(health);
  }

  /**
   * The proxy's line alone: a 101 that lived shorter than the threshold failed, whatever ended it
   * (the log cannot tell a peer's goodbye); an upgrade nginx answered other than 101 was rejected,
   * known only when the format logs $http_upgrade (empty column: it does not).
   */
  @ParameterizedTest(name = "{0} after {1} ms, upgrade asked {2}: {3}")
  @CsvSource({
    "101,    3, true,  FAILED",
    "101,    3,     ,  FAILED",
    "101,  999, true,  FAILED",
    "101, 1000, true,  HEALTHY",
    "101,     , true,  HEALTHY",
    "400,    2, true,  FAILED",
    "502,    2, true,  FAILED",
    "400,    2, false, HEALTHY",
    "200,    2,     ,  HEALTHY"
  })
  void healthFromTheProxysLineAlone(
      int status, Long lifetimeMs, Boolean upgradeAsked, ConnectionRecord.Health health) {
    ConnectionRecord r =
        ConnectionRecord.ofProxy(
            ROUTE, Observations.proxy("r1", status, lifetimeMs, upgradeAsked, NOW));
    assertThat(r.health(THRESHOLD, NOW)).isEqualTo(health);
    assertThat(r.protocolVersion())
        .as("the proxy's log does not say what it spoke upstream")
        .isNull();
    assertThat(r.proxyOnly()).isTrue();
  }

  @Test
  void theProxysLineEndsAnAgentHandshakeWithoutClose_andTheAgentKeepsTheVersion() {
    HandshakeObservation h =
        handshake("t", "1.1", WsAuditSpans.Outcome.UPGRADED, null, 101L, true, NOW.minusSeconds(1));
    ConnectionRecord agentOnly = new ConnectionRecord(ROUTE, "t", h, null);
    assertThat(agentOnly.health(THRESHOLD, NOW.minusMillis(500)))
        .isEqualTo(ConnectionRecord.Health.PENDING);
    ConnectionRecord both = agentOnly.withProxy(Observations.proxy("r1", 101, 4L, true, NOW));
    assertThat(both.health(THRESHOLD, NOW.minusMillis(500)))
        .isEqualTo(ConnectionRecord.Health.FAILED);
    assertThat(both.protocolVersion()).isEqualTo("1.1");
    assertThat(both.fromAgent() && both.fromProxyLog()).isTrue();
    assertThat(both.requestId()).isEqualTo("r1");
    assertThat(
            ConnectionRecord.ofProxy(ROUTE, Observations.proxy("r2", 101, 30_000L, true, NOW))
                .time())
        .as("a proxy line is written at the end: the connection began its lifetime earlier")
        .isEqualTo(NOW.minusSeconds(30));
  }

  private static final Route ROUTE = new Route("shop", "chat", "chat.example.com", "/");

  private static ConnectionRecord closed(
      String initiator, long code, Long durationMs, boolean early) {
    HandshakeObservation h =
        handshake(
            "t", "1.1", WsAuditSpans.Outcome.UPGRADED, null, 101L, true, NOW.minusSeconds(10));
    CloseObservation c =
        close(
            "t",
            "1.1",
            code,
            initiator,
            "client".equals(initiator) ? "client" : "eof",
            durationMs,
            early,
            IdleEvidence.NONE,
            NOW.minusSeconds(10));
    return new ConnectionRecord(
        new Route("shop", "chat", "chat.example.com", "/"), "t", durationMs == null ? null : h, c);
  }
}
