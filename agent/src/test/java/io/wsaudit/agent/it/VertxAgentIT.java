package io.wsaudit.agent.it;

import static io.wsaudit.agent.it.NettyAgentIT.T;
import static io.wsaudit.agent.it.NettyAgentIT.closeOf;
import static io.wsaudit.agent.it.NettyAgentIT.echoAndClientClose;
import static io.wsaudit.agent.it.NettyAgentIT.handshake;
import static io.wsaudit.agent.it.SpanAsserts.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.agent.it.apps.VertxEchoApp;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Outcome;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.ws.RawClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Vert.x 5.0: the 400s Vert.x answers itself before Netty's handshaker is asked (a proxy that
 * replaced {@code Connection: upgrade}, or dropped {@code Upgrade}) are recorded as rejected
 * handshakes, and the client gets the same answer as without the agent.
 */
class VertxAgentIT {

  private static final List<String[]> REFUSED =
      List.of(
          new String[] {"/ws/vx-no-connection", "Connection: keep-alive"},
          new String[] {"/ws/vx-no-upgrade", "Upgrade:"});

  private static List<String> refusedHeads(int port) throws IOException {
    List<String> heads = new ArrayList<>();
    for (String[] r : REFUSED) {
      try (RawClient c = Exchanges.open(port, T, "HTTP/1.1", r[0], r[1])) {
        assertThat(c.status()).isEqualTo(400);
        heads.add(c.headWithoutDate());
      }
    }
    return heads;
  }

  @Test
  void vertxOwnRefusalsAreRecorded() throws IOException {
    List<String> without;
    try (ForkedServer s = ForkedServer.builder(VertxEchoApp.class).withoutAgent().start()) {
      without = refusedHeads(s.port());
    }
    try (OtlpCollector c = new OtlpCollector();
        ForkedServer s = ForkedServer.builder(VertxEchoApp.class).exportTo(c).start()) {
      assertThat(refusedHeads(s.port())).isEqualTo(without);
      assertRejected(
              handshake(c, "/ws/vx-no-connection"), 400L, Rejection.MISSING_CONNECTION_UPGRADE)
          .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.1")
          .containsEntry(WsAuditSpans.NETWORK_PEER_ADDRESS, "127.0.0.1")
          .containsEntry(WsAuditSpans.SERVER, "vertx-5.0");
      assertRejected(handshake(c, "/ws/vx-no-upgrade"), 400L, Rejection.MISSING_UPGRADE)
          .containsEntry(WsAuditSpans.SERVER, "vertx-5.0");

      // Not GET: Vert.x's 405 from the same check.
      try (RawClient r =
          RawClient.send(
              s.port(),
              RawClient.upgradeRequest("HTTP/1.1", "/ws/vx-post").replaceFirst("GET ", "POST "),
              T)) {
        assertThat(r.status()).isEqualTo(405);
      }
      assertRejected(handshake(c, "/ws/vx-post"), 405L, Rejection.METHOD)
          .containsEntry(WsAuditSpans.SERVER, "vertx-5.0");

      // An accepted upgrade goes through Netty's handshaker: the netty family records it.
      try (RawClient ws = Exchanges.open(s.port(), T, "HTTP/1.1", "/ws/vx-ok")) {
        echoAndClientClose(ws);
      }
      // HTTP/1.0 (nginx's default upstream version).
      try (RawClient ws = Exchanges.open(s.port(), T, "HTTP/1.0", "/ws/vx-10")) {
        assertThat(ws.statusLine).startsWith("HTTP/1.1 101");
        echoAndClientClose(ws);
      }
      ReceivedSpan h10 = handshake(c, "/ws/vx-10");
      assertThat(h10.attributes)
          .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.0")
          .containsEntry(WsAuditSpans.KEEP_ALIVE, true)
          .containsEntry(WsAuditSpans.SERVER, "netty-4.2");
      assertThat(closeOf(c, h10).attributes).containsEntry(WsAuditSpans.CLOSE_CODE, 1000L);
      try {
        Thread.sleep(2000); // the batch exporter's delay: a second span would have arrived
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      // Recorded once, by the netty family, named after Netty rather than Vert.x.
      assertThat(c.spans(sp -> "/ws/vx-ok".equals(sp.attr(WsAuditSpans.URL_PATH))))
          .filteredOn(sp -> sp.name().equals(WsAuditSpans.HANDSHAKE_SPAN))
          .singleElement()
          .satisfies(
              sp ->
                  assertThat(sp.attributes)
                      .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.UPGRADED)
                      .containsEntry(WsAuditSpans.SERVER, "netty-4.2"));
      for (String[] r : REFUSED) {
        assertThat(c.spans(sp -> r[0].equals(sp.attr(WsAuditSpans.URL_PATH)))).hasSize(1);
      }
      assertThat(s.agentLines())
          .anyMatch(l -> l.contains("instrumented vertx"))
          .noneMatch(l -> l.contains("skipped"));
    }
  }
}
