package io.wsaudit.operator.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.operator.otlp.CloseObservation;
import io.wsaudit.operator.otlp.HandshakeObservation;
import io.wsaudit.operator.otlp.IdleEvidence;
import io.wsaudit.operator.otlp.Observation;
import io.wsaudit.operator.otlp.ProxyObservation;
import io.wsaudit.operator.testing.Observations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One connection seen by the agent and by the proxy is one record, whichever half is filed first:
 * the X-Request-ID the agent recorded is the {@code $req_id} the proxy logged.
 */
class RequestIdJoinTest {

  static final Instant NOW = Instant.parse("2026-12-02T05:00:00Z");
  static final Route ROUTE = new Route("shop", "chat", "chat.example.com", "/");

  final EvidenceStore store = new EvidenceStore(Duration.ofHours(1), 100);

  @Test
  void aProxyLineFiledFirstIsTakenOverByTheAgentsHandshake_andItsCloseSpanJoinsThem() {
    file(proxy("req-1"));
    file(handshake("trace-1", "req-1"));
    file(close("trace-1"));
    ConnectionRecord r = only();
    assertThat(r.handshake()).isNotNull();
    assertThat(r.close()).isNotNull();
    assertThat(r.proxy()).isNotNull();
    assertThat(r.traceId()).isEqualTo("trace-1");
    assertThat(r.requestId()).isEqualTo("req-1");
  }

  @Test
  void aProxyLineAfterTheAgentsSpansJoinsTheirRecord() {
    file(handshake("trace-1", "req-1"));
    file(close("trace-1"));
    file(proxy("req-1"));
    ConnectionRecord r = only();
    assertThat(r.fromAgent() && r.fromProxyLog()).isTrue();
  }

  @Test
  void differentRequestIdsOrNoneAreDifferentConnections() {
    file(handshake("trace-1", "req-1"));
    file(proxy("req-2"));
    file(handshake("trace-3", null));
    file(proxy(null));
    assertThat(store.since(ROUTE.ingressKey(), Instant.EPOCH)).hasSize(4);
  }

  private ConnectionRecord only() {
    List<ConnectionRecord> all = store.since(ROUTE.ingressKey(), Instant.EPOCH);
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private void file(Observation o) {
    EvidenceCollector.file(store, EvidenceCollector.keyOf(o), ROUTE, o);
  }

  private static ProxyObservation proxy(String requestId) {
    return Observations.proxy(requestId, 101, 3L, true, NOW);
  }

  private static HandshakeObservation handshake(String traceId, String requestId) {
    return Observations.upgraded(traceId, "1.1", requestId, NOW.minusMillis(3));
  }

  private static CloseObservation close(String traceId) {
    return Observations.close(
        traceId, "1.1", 1006L, "transport", "eof", 3L, true, IdleEvidence.NONE, NOW);
  }
}
