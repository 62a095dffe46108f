package io.wsaudit.operator.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.operator.otlp.CloseObservation;
import io.wsaudit.operator.otlp.HandshakeObservation;
import io.wsaudit.operator.otlp.SpanSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A short connection is a failure only when the peer did not end it with a clean close. */
class ConnectionRecordTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final Duration THRESHOLD = Duration.ofSeconds(1);

  @Test
  void aPeersCleanCloseIsHealthyHoweverShort() {
    for (long code : new long[] {1000, 1001, 1005}) {
      assertThat(closed("client", code, 50L, true).health(THRESHOLD, NOW))
          .as("client %d", code)
          .isEqualTo(ConnectionRecord.Health.HEALTHY);
    }
    // Without the duration the agent's old early flag is not trusted over the peer's goodbye.
    assertThat(closed("client", 1000, null, true).health(THRESHOLD, NOW))
        .isEqualTo(ConnectionRecord.Health.HEALTHY);
  }

  @Test
  void shortClosesByTheServerTheTransportOrWithAnErrorCodeStillFail() {
    assertThat(closed("server", 1000, 50L, true).health(THRESHOLD, NOW))
        .isEqualTo(ConnectionRecord.Health.FAILED);
    assertThat(closed("transport", 1006, 50L, true).health(THRESHOLD, NOW))
        .isEqualTo(ConnectionRecord.Health.FAILED);
    assertThat(closed("client", 1002, 50L, true).health(THRESHOLD, NOW))
        .isEqualTo(ConnectionRecord.Health.FAILED);
    assertThat(closed("transport", 1006, 5_000L, false).health(THRESHOLD, NOW))
        .isEqualTo(ConnectionRecord.Health.HEALTHY);
  }

  private static ConnectionRecord closed(
      String initiator, long code, Long durationMs, boolean early) {
    SpanSource source = new SpanSource("shop", "chat-0", null);
    HandshakeObservation h =
        new HandshakeObservation(
            "t",
            "c",
            source,
            "chat.example.com",
            "/ws",
            "1.1",
            WsAuditSpans.Outcome.UPGRADED,
            null,
            101L,
            true,
            List.of("upgrade"),
            NOW.minusSeconds(10));
    CloseObservation c =
        new CloseObservation(
            "t",
            "c",
            source,
            "chat.example.com",
            "/ws",
            "1.1",
            code,
            initiator,
            "client".equals(initiator) ? "client" : "eof",
            durationMs,
            early,
            NOW.minusSeconds(10));
    return new ConnectionRecord(
        new Route("shop", "chat", "chat.example.com", "/"), "t", durationMs == null ? null : h, c);
  }
}
