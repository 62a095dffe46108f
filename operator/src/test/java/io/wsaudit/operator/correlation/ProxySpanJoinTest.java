package io.wsaudit.operator.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.operator.otlp.HandshakeObservation;
import io.wsaudit.operator.otlp.Observation;
import io.wsaudit.operator.otlp.ProxyObservation;
import io.wsaudit.operator.testing.Observations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One connection seen by nginx's own span and by another source is one record, whichever came
 * first: the agent's handshake names nginx's span as its parent; the access-log line of the same
 * connection ended at the same moment on the same path after the same lifetime, and wins.
 */
class ProxySpanJoinTest {

  static final Instant END = Instant.parse("2026-12-02T05:00:00.400Z");
  static final Route ROUTE = new Route("shop", "chat", "chat.example.com", "/");

  final EvidenceStore store = new EvidenceStore(Duration.ofHours(1), 100);

  @Test
  void nginxsSpanAndTheAgentsHandshake_itsChild_areOneRecord_inEitherOrder() {
    file(handshake("t1", "s1", "c1"));
    file(nginxSpan("t1", "s1", 3, END));
    file(nginxSpan("t2", "s2", 3, END));
    file(handshake("t2", "s2", "c2"));

    List<ConnectionRecord> all = all();
    assertThat(all)
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.fromAgent() && r.fromProxyLog()).isTrue());
    assertThat(all).extracting(ConnectionRecord::traceId).containsExactlyInAnyOrder("t1", "t2");
  }

  @Test
  void connectionsSharingAClientsTraceAreToldApartByNginxsSpanIds() {
    // nginx trusts an incoming traceparent by default: one page's sockets can share a trace.
    file(handshake("t1", "s1", "c1"));
    file(handshake("t1", "s2", "c2"));
    file(nginxSpan("t1", "s1", 3, END));
    file(nginxSpan("t1", "s2", 3, END));
    file(nginxSpan("t1", "s3", 3, END));

    assertThat(all()).hasSize(3);
    assertThat(all().stream().filter(ConnectionRecord::fromAgent)).hasSize(2);
  }

  @Test
  void theAccessLineAndNginxsSpanOfOneConnectionAreOneRecord_theLineWins_inEitherOrder() {
    file(nginxSpan("t1", "s1", 3_001, END));
    file(logLine("r1", 3_004, END.minusMillis(400)));
    file(logLine("r2", 60_002, END.minusMillis(400)));
    file(nginxSpan("t2", "s2", 60_001, END));

    List<ConnectionRecord> all = all();
    assertThat(all).hasSize(2);
    assertThat(all)
        .allSatisfy(
            r -> assertThat(r.proxy().origin()).isEqualTo(ProxyObservation.Origin.ACCESS_LOG));
    assertThat(all).extracting(ConnectionRecord::requestId).containsExactlyInAnyOrder("r1", "r2");
    assertThat(all)
        .extracting(r -> r.proxy().spanKey())
        .containsExactlyInAnyOrder("t1/s1", "t2/s2");
    assertThat(all).extracting(ConnectionRecord::traceId).containsExactlyInAnyOrder("t1", "t2");
  }

  @Test
  void aSpanAndALineThatDifferInLifetimeOrEndOrPathAreTwoConnections() {
    file(nginxSpan("t1", "s1", 3, END));
    file(logLine("r1", 900, END));
    file(nginxSpan("t2", "s2", 3, END.plusSeconds(10)));
    file(logLine("r2", 3, END));
    // r2 paired with t1 (alike as evidence), so the next span has no twin left.
    file(nginxSpan("t3", "s3", 3, END));

    assertThat(all()).hasSize(4);
  }

  @Test
  void theAgentTheLineAndTheSpanOfOneConnectionAreOneRecord() {
    HandshakeObservation h = handshake("t1", "s1", "c1");
    file(h);
    file(nginxSpan("t1", "s1", 3, END));
    file(logLine(h.requestId(), 3, END));

    ConnectionRecord r = all().get(0);
    assertThat(all()).hasSize(1);
    assertThat(r.proxy().origin()).isEqualTo(ProxyObservation.Origin.ACCESS_LOG);
    assertThat(r.proxy().spanKey()).isEqualTo("t1/s1");
    assertThat(r.fromAgent()).isTrue();
  }

  private List<ConnectionRecord> all() {
    return store.since(ROUTE.ingressKey(), Instant.EPOCH);
  }

  private void file(Observation o) {
    EvidenceCollector.file(store, EvidenceCollector.keyOf(o), ROUTE, o);
  }

  private static ProxyObservation nginxSpan(
      String trace, String span, long lifetimeMs, Instant end) {
    ProxyObservation line = Observations.proxy(null, 101, lifetimeMs, null, end);
    return new ProxyObservation(
        end,
        line.host(),
        line.path(),
        101,
        lifetimeMs,
        null,
        null,
        null,
        null,
        false,
        line.source(),
        trace,
        span,
        ProxyObservation.Origin.NGINX_SPAN);
  }

  private static ProxyObservation logLine(String requestId, long lifetimeMs, Instant end) {
    return Observations.proxy(requestId, 101, lifetimeMs, true, end);
  }

  private static HandshakeObservation handshake(String trace, String parentSpan, String conn) {
    return new HandshakeObservation(
        trace,
        conn,
        Observations.CHAT_0,
        "chat.example.com",
        "/ws",
        "1.1",
        WsAuditSpans.Outcome.UPGRADED,
        null,
        101L,
        true,
        List.of("upgrade"),
        "req-" + conn,
        parentSpan,
        END.minusMillis(3));
  }
}
