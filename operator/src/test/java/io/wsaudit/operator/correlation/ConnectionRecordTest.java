package io.wsaudit.operator.correlation;

import static io.wsaudit.operator.testing.Observations.close;
import static io.wsaudit.operator.testing.Observations.handshake;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.operator.otlp.CloseObservation;
import io.wsaudit.operator.otlp.HandshakeObservation;
import io.wsaudit.operator.otlp.IdleEvidence;
import java.time.Duration;
import java.time.Instant;
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
