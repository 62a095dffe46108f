package io.wsaudit.agent.it;

import static io.wsaudit.agent.it.Exchanges.answerServerClose;
import static io.wsaudit.agent.it.Exchanges.closeCodeAnswering;
import static io.wsaudit.agent.it.Exchanges.echoThenClose;
import static io.wsaudit.agent.it.SpanAsserts.assertCloseSays;
import static io.wsaudit.agent.it.SpanAsserts.assertRejected;
import static io.wsaudit.agent.it.SpanAsserts.assertUpgraded;
import static io.wsaudit.agent.it.SpanAsserts.handshakeWithRid;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import io.wsaudit.testkit.apps.jetty.JettyEchoApp;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.ws.RawClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.MapAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Jetty 12.1 (core WebSocket through the Jetty API on {@code /ws}, and an ee10 Jakarta endpoint on
 * {@code /app/jsr}) in a forked JVM with the agent attached. One server serves every scenario; each
 * scenario tags its request with its own {@code X-Request-ID} and finds its spans by it.
 */
class JettyAgentIT extends AbstractServerAgentIT {

  private static final String SERVER = "jetty-12.1";

  /** Jetty's endpoint turns a reset into end of input (ChannelEndPoint#fill): the same as a FIN. */
  JettyAgentIT() {
    super(JettyEchoApp.class, SERVER, Set.of(Cause.EOF));
  }

  /**
   * What the WebSocket layer does not take falls through to the next handler (404); the HTTP/1.1
   * connection itself refuses "Upgrade" without "Connection: upgrade" as an invalid h2c upgrade,
   * before any handler (400; the differential test shows the same without the agent). {@code
   * Connection: close} is what nginx with {@code proxy_set_header Upgrade} but no {@code Connection
   * "upgrade"} sends.
   */
  @Override
  List<Refusal> refusals() {
    return List.of(
        Refusal.of("http/1.0")
            .version("HTTP/1.0")
            .answers(404, Rejection.HTTP_VERSION)
            .keepAlive(false)
            .serverCloses(true),
        Refusal.of("http/1.0 keep-alive", "Connection: keep-alive, Upgrade")
            .version("HTTP/1.0")
            .answers(404, Rejection.HTTP_VERSION)
            .keepAlive(true)
            .responseHeader("Connection", "keep-alive"),
        Refusal.of("no upgrade", "Upgrade:")
            .answers(404, Rejection.MISSING_UPGRADE)
            .keepAlive(true),
        Refusal.of("no connection", "Connection:")
            .answers(400, Rejection.MISSING_CONNECTION_UPGRADE)
            .keepAlive(false),
        Refusal.of("connection close", "Connection: close")
            .answers(400, Rejection.MISSING_CONNECTION_UPGRADE)
            .keepAlive(false)
            .serverCloses(true),
        Refusal.of("bad version", "Sec-WebSocket-Version: 8").answers(404, Rejection.BAD_VERSION),
        Refusal.of("jakarta http/1.0")
            .version("HTTP/1.0")
            .path("/app/jsr")
            .answers(404, Rejection.HTTP_VERSION)
            .keepAlive(false));
  }

  @Test
  void handshakeJoinsTheCallersTraceContext() throws Exception {
    String rid = rid();
    String traceId = java.util.UUID.randomUUID().toString().replace("-", "");
    String parent = traceId.substring(8, 24);
    // sampled flag 00: the caller did not sample; the agent's spans are recorded anyway
    try (RawClient client =
        upgrade(
            "/ws",
            rid,
            "traceparent: 00-" + traceId + "-" + parent + "-00",
            "tracestate: vendor=abc")) {
      assertThat(client.status()).isEqualTo(101);
      client.sendClose(1000, "bye");
      assertThat(client.readFrame().opcode).isEqualTo(8);
    }
    ReceivedSpan hs = handshake(rid);
    assertThat(hs.traceId()).isEqualTo(traceId);
    assertThat(hs.parentSpanId()).isEqualTo(parent);
    assertThat(hs.span.getTraceState()).isEqualTo("vendor=abc");
    ReceivedSpan close = closeOf(hs);
    assertThat(close.traceId()).isEqualTo(traceId);
    assertThat(close.parentSpanId()).isEqualTo(hs.spanId());
  }

  /**
   * Jetty answers {@code Connection: Upgrade,close} here and keeps the connection: keep_alive says
   * what it does.
   */
  @Test
  void connectionCloseUpgradeIsUpgradedAndKept() throws Exception {
    String rid = rid();
    try (RawClient client = upgrade("/ws", rid, "Connection: close, Upgrade")) {
      echoThenClose(client, "still here", 1000, "");
    }
    ReceivedSpan hs = handshake(rid);
    assertUpgraded(hs, "1.1").containsEntry(WsAuditSpans.KEEP_ALIVE, true);
    assertCloseSays(closeOf(hs), 1000L, Initiator.CLIENT)
        .doesNotContainKey(WsAuditSpans.CLOSE_REASON);
  }

  /** keep_alive says what Jetty did with the connection after its 400. */
  @Test
  void missingKeyIs400() throws Exception {
    String rid = rid();
    boolean closed;
    try (RawClient client = upgrade("/ws", rid, "Sec-WebSocket-Key:")) {
      assertThat(client.status()).isEqualTo(400);
      closed = client.serverClosesWithin(Duration.ofSeconds(2));
    }
    assertRejected(handshake(rid), 400L, Rejection.MISSING_KEY)
        .containsEntry(WsAuditSpans.KEEP_ALIVE, !closed);
  }

  /**
   * What nginx does to Jetty: it tears down both legs on Jetty's close frame, so Jetty never reads
   * the reply and its API reports an error and 1006. The span must still say what went on the wire:
   * Jetty's own 4000.
   */
  @Test
  void serverCloseThenPeerDropsTcpStillSaysServerAndTheCodeSent() throws Exception {
    String rid = rid();
    try (RawClient client = upgrade("/ws?close_after_ms=100&code=4000&reason=server-bye", rid)) {
      assertThat(client.status()).isEqualTo(101);
      assertThat(client.readFrame().closeCode()).isEqualTo(4000);
      client.abort();
    }
    ReceivedSpan close = closeOf(handshake(rid));
    assertCloseSays(close, 4000L, Initiator.SERVER, Cause.APPLICATION);
  }

  @Test
  void idleTimeoutCloseIsTheServers1001() throws Exception {
    assertIdleTimeoutSends1001("/ws");
  }

  @Test
  void clientEndsTcpWithoutCloseFrameIsEof() throws Exception {
    assertPeerFinWithoutCloseFrameIsEof();
  }

  @Test
  void jakartaEndpointUpgradeEchoAndClientClose() throws Exception {
    String rid = rid();
    try (RawClient client = upgrade("/app/jsr", rid)) {
      echoThenClose(client, "hi", 1000, "done");
    }
    ReceivedSpan hs = handshake(rid);
    assertUpgraded(hs, "1.1")
        .containsEntry(WsAuditSpans.URL_PATH, "/app/jsr")
        .containsEntry(WsAuditSpans.KEEP_ALIVE, true)
        .containsEntry(WsAuditSpans.SERVER, SERVER);
    assertCloseSays(closeOf(hs), 1000L, Initiator.CLIENT, Cause.CLIENT)
        .containsEntry(WsAuditSpans.CLOSE_REASON, "done");
  }

  /** The Jakarta endpoint's own close, and its idle timeout: the server's frame, answered. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "close_after_ms=150&code=4001&reason=jsr-bye, 4001, application, jsr-bye",
    "idle_ms=300, 1001, idle_timeout, "
  })
  void jakartaEndpointServerClose(String query, int code, String cause, String reason)
      throws Exception {
    String rid = rid();
    try (RawClient client = upgrade("/app/jsr?" + query, rid)) {
      assertThat(client.status()).isEqualTo(101);
      answerServerClose(client, code, IO);
    }
    MapAssert<String, Object> close =
        assertCloseSays(closeOf(handshake(rid)), code, Initiator.SERVER, cause);
    if (reason != null) {
      close.containsEntry(WsAuditSpans.CLOSE_REASON, reason);
    }
  }

  @Test
  void plainRequestsAreNotHandshakes() throws Exception {
    String rid = rid();
    try (RawClient client =
        RawClient.send(
            server.port(),
            "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-ID: " + rid + "\r\n\r\n",
            IO)) {
      assertThat(client.status()).isEqualTo(404);
    }
    // A later handshake arrives, so the plain request's would have too.
    String later = rid();
    try (RawClient client = RawClient.upgrade(server.port(), "HTTP/1.0", "/ws", later, IO)) {
      assertThat(client.status()).isEqualTo(404);
    }
    handshake(later);
    assertThat(
            collector.spans(
                s ->
                    List.of(rid)
                        .equals(s.attr(WsAuditSpans.REQUEST_HEADER_PREFIX + "x-request-id"))))
        .isEmpty();
  }

  @Test
  void startupLineNamesJetty() {
    assertThat(server.agentLines()).anyMatch(l -> l.contains("instrumented jetty"));
    assertThat(server.agentLines()).noneMatch(l -> l.contains("skipped"));
  }

  /** A reserved opcode: RFC 6455 says fail the connection with 1002. */
  @Test
  void protocolViolationIsTheServers1002() throws Exception {
    String rid = rid();
    String request = RawClient.upgradeRequest("HTTP/1.1", "/ws", "X-Request-ID: " + rid);
    assertThat(closeCodeAnswering(server.port(), request, Exchanges.RESERVED_OPCODE, IO))
        .isEqualTo(1002);
    assertCloseSays(closeOf(handshake(rid)), 1002L, Initiator.SERVER, Cause.PROTOCOL_ERROR);
  }

  /**
   * Stopping the server closes its connectors first: the connection ends without a close frame
   * (1006), by the server's own decision, so the initiator is {@code server} and the cause {@code
   * shutdown}.
   */
  @Test
  void serverStopEndsConnectionsAsShutdown() throws Exception {
    try (OtlpCollector own = new OtlpCollector();
        ForkedServer stopping = ForkedServer.builder(JettyEchoApp.class).exportTo(own).start()) {
      String rid = rid();
      try (RawClient client =
          RawClient.upgrade(stopping.port(), "HTTP/1.1", "/ws?stop_server_after_ms=200", rid, IO)) {
        assertThat(client.status()).isEqualTo(101);
        assertThat(client.serverClosesWithin(IO)).isTrue();
      }
      ReceivedSpan hs = handshakeWithRid(own, rid);
      assertCloseSays(SpanAsserts.closeOf(own, hs), 1006L, Initiator.SERVER, Cause.SHUTDOWN);
    }
  }

  /**
   * {@code AbstractEndPoint} was first loaded with the agent there, so its instances carry their
   * connection's record in a field of their own (no map entry per connection), and the close path
   * still finds it.
   */
  @Test
  void connectionsCarryTheirRecordInAFieldOfTheirOwn() throws Exception {
    assertCloseFindsTheRecordInItsField();
  }
}
