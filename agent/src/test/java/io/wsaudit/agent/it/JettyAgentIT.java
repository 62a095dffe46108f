package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Outcome;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import io.wsaudit.testkit.apps.jetty.JettyEchoApp;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.otlp.Spans;
import io.wsaudit.testkit.ws.RawClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Jetty 12.1 (core WebSocket through the Jetty API on {@code /ws}, and an ee10 Jakarta endpoint on
 * {@code /app/jsr}) in a forked JVM with the agent attached. One server serves every scenario; each
 * scenario tags its request with its own {@code X-Request-ID} and finds its spans by it.
 */
class JettyAgentIT extends AbstractServerAgentIT {

  private static final String SERVER = "jetty-12.1";

  @Override
  Class<?> app() {
    return JettyEchoApp.class;
  }

  @Override
  String serverName() {
    return SERVER;
  }

  /** Jetty's endpoint turns a reset into end of input (ChannelEndPoint#fill): the same as a FIN. */
  @Override
  Set<String> resetCauses() {
    return Set.of(Cause.EOF);
  }

  @Test
  void handshakeJoinsTheCallersTraceContext() throws Exception {
    String rid = rid();
    String traceId = java.util.UUID.randomUUID().toString().replace("-", "");
    String parent = traceId.substring(8, 24);
    // sampled flag 00: the caller did not sample; the agent's spans are recorded anyway
    try (RawClient client =
        RawClient.send(
            server.port(),
            RawClient.upgradeRequest(
                "HTTP/1.1",
                "/ws",
                "X-Request-ID: " + rid,
                "traceparent: 00-" + traceId + "-" + parent + "-00",
                "tracestate: vendor=abc"),
            IO)) {
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

  @Test
  void http10UpgradeIsRefusedSilentlyAnd404() throws Exception {
    String rid = rid();
    try (RawClient client = RawClient.upgrade(server.port(), "HTTP/1.0", "/ws", rid, IO)) {
      assertThat(client.status()).isEqualTo(404);
      assertThat(client.serverClosesWithin(IO)).isTrue();
    }
    ReceivedSpan hs = handshake(rid);
    assertThat(hs.attributes)
        .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.0")
        .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 404L)
        .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.REJECTED)
        .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, Rejection.HTTP_VERSION)
        .containsEntry(WsAuditSpans.KEEP_ALIVE, false)
        .containsEntry(WsAuditSpans.SERVER, SERVER);
    assertThat(hs.span.getStatus().getCode().getNumber()).isEqualTo(2); // ERROR
    assertNoCloseSpan(hs);
  }

  @Test
  void http10WithKeepAliveIsRefusedAndConnectionKept() throws Exception {
    String rid = rid();
    try (RawClient client =
        RawClient.send(
            server.port(),
            RawClient.upgradeRequest(
                "HTTP/1.0", "/ws", "Connection: keep-alive, Upgrade", "X-Request-ID: " + rid),
            IO)) {
      assertThat(client.status()).isEqualTo(404);
      assertThat(client.header("Connection")).containsExactly("keep-alive");
    }
    ReceivedSpan hs = handshake(rid);
    assertThat(hs.attributes)
        .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.0")
        .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 404L)
        .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.REJECTED)
        .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, Rejection.HTTP_VERSION)
        .containsEntry(WsAuditSpans.KEEP_ALIVE, true)
        .containsEntry(
            WsAuditSpans.REQUEST_HEADER_PREFIX + "connection", List.of("keep-alive, Upgrade"));
  }

  @Test
  void missingUpgradeHeaderFallsThrough() throws Exception {
    String rid = rid();
    try (RawClient client =
        RawClient.send(
            server.port(),
            RawClient.upgradeRequest("HTTP/1.1", "/ws", "Upgrade:", "X-Request-ID: " + rid),
            IO)) {
      assertThat(client.status()).isEqualTo(404);
    }
    ReceivedSpan hs = handshake(rid);
    assertThat(hs.attributes)
        .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 404L)
        .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.REJECTED)
        .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, Rejection.MISSING_UPGRADE)
        .containsEntry(WsAuditSpans.KEEP_ALIVE, true)
        .doesNotContainKey(WsAuditSpans.REQUEST_HEADER_PREFIX + "upgrade");
  }

  @Test
  void missingConnectionUpgradeFallsThrough() throws Exception {
    String rid = rid();
    try (RawClient client =
        RawClient.send(
            server.port(),
            RawClient.upgradeRequest("HTTP/1.1", "/ws", "Connection:", "X-Request-ID: " + rid),
            IO)) {
      // Not the WebSocket layer: Jetty's HTTP/1.1 connection refuses "Upgrade" without "Connection:
      // upgrade" as
      // an invalid h2c upgrade, before any handler (the differential test shows the same 400
      // without the agent).
      assertThat(client.status()).isEqualTo(400);
    }
    ReceivedSpan hs = handshake(rid);
    assertThat(hs.attributes)
        .containsEntry(WsAuditSpans.URL_PATH, "/ws")
        .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.1")
        .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 400L)
        .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.REJECTED)
        .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, Rejection.MISSING_CONNECTION_UPGRADE)
        .containsEntry(WsAuditSpans.KEEP_ALIVE, false)
        .containsEntry(WsAuditSpans.SERVER, SERVER)
        .doesNotContainKey(WsAuditSpans.REQUEST_HEADER_PREFIX + "connection");
  }

  /**
   * nginx with {@code proxy_set_header Upgrade} but no {@code Connection "upgrade"} sends exactly
   * this.
   */
  @Test
  void upgradeWithConnectionCloseIs400() throws Exception {
    String rid = rid();
    try (RawClient client =
        RawClient.send(
            server.port(),
            RawClient.upgradeRequest(
                "HTTP/1.1", "/ws", "Connection: close", "X-Request-ID: " + rid),
            IO)) {
      assertThat(client.status()).isEqualTo(400);
      assertThat(client.serverClosesWithin(IO)).isTrue();
    }
    assertThat(handshake(rid).attributes)
        .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 400L)
        .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, Rejection.MISSING_CONNECTION_UPGRADE)
        .containsEntry(WsAuditSpans.REQUEST_HEADER_PREFIX + "connection", List.of("close"))
        .containsEntry(WsAuditSpans.KEEP_ALIVE, false);
  }

  /**
   * Jetty answers {@code Connection: Upgrade,close} here and keeps the connection: keep_alive says
   * what it does.
   */
  @Test
  void connectionCloseUpgradeIsUpgradedAndKept() throws Exception {
    String rid = rid();
    try (RawClient client =
        RawClient.send(
            server.port(),
            RawClient.upgradeRequest(
                "HTTP/1.1", "/ws", "Connection: close, Upgrade", "X-Request-ID: " + rid),
            IO)) {
      assertThat(client.status()).isEqualTo(101);
      client.sendText("still here");
      assertThat(client.readFrame().text()).isEqualTo("still here");
      client.sendClose(1000, "");
      assertThat(client.readFrame().opcode).isEqualTo(8);
    }
    ReceivedSpan hs = handshake(rid);
    assertThat(hs.attributes)
        .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.UPGRADED)
        .containsEntry(WsAuditSpans.KEEP_ALIVE, true);
    assertThat(closeOf(hs).attributes)
        .containsEntry(WsAuditSpans.CLOSE_CODE, 1000L)
        .containsEntry(WsAuditSpans.CLOSE_INITIATOR, Initiator.CLIENT)
        .doesNotContainKey(WsAuditSpans.CLOSE_REASON);
  }

  @Test
  void badVersionFallsThrough() throws Exception {
    String rid = rid();
    try (RawClient client =
        RawClient.send(
            server.port(),
            RawClient.upgradeRequest(
                "HTTP/1.1", "/ws", "Sec-WebSocket-Version: 8", "X-Request-ID: " + rid),
            IO)) {
      assertThat(client.status()).isEqualTo(404);
    }
    assertThat(handshake(rid).attributes)
        .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, Rejection.BAD_VERSION)
        .containsEntry(WsAuditSpans.REQUEST_HEADER_PREFIX + "sec-websocket-version", List.of("8"));
  }

  @Test
  void missingKeyIs400() throws Exception {
    String rid = rid();
    boolean closed;
    try (RawClient client =
        RawClient.send(
            server.port(),
            RawClient.upgradeRequest(
                "HTTP/1.1", "/ws", "Sec-WebSocket-Key:", "X-Request-ID: " + rid),
            IO)) {
      assertThat(client.status()).isEqualTo(400);
      closed = client.serverClosesWithin(Duration.ofSeconds(2));
    }
    // keep_alive says what Jetty did with the connection after its 400.
    assertThat(handshake(rid).attributes)
        .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 400L)
        .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, Rejection.MISSING_KEY)
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
    try (RawClient client =
        RawClient.upgrade(
            server.port(),
            "HTTP/1.1",
            "/ws?close_after_ms=100&code=4000&reason=server-bye",
            rid,
            IO)) {
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
    try (RawClient client = RawClient.upgrade(server.port(), "HTTP/1.1", "/app/jsr", rid, IO)) {
      assertThat(client.status()).isEqualTo(101);
      client.sendText("hi");
      assertThat(client.readFrame().text()).isEqualTo("hi");
      client.sendClose(1000, "done");
      assertThat(client.readFrame().opcode).isEqualTo(8);
    }
    ReceivedSpan hs = handshake(rid);
    assertThat(hs.attributes)
        .containsEntry(WsAuditSpans.URL_PATH, "/app/jsr")
        .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 101L)
        .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.UPGRADED)
        .containsEntry(WsAuditSpans.KEEP_ALIVE, true)
        .containsEntry(WsAuditSpans.SERVER, SERVER);
    assertThat(closeOf(hs).attributes)
        .containsEntry(WsAuditSpans.CLOSE_CODE, 1000L)
        .containsEntry(WsAuditSpans.CLOSE_REASON, "done")
        .containsEntry(WsAuditSpans.CLOSE_INITIATOR, Initiator.CLIENT)
        .containsEntry(WsAuditSpans.CLOSE_CAUSE, Cause.CLIENT);
  }

  @Test
  void jakartaEndpointServerClose() throws Exception {
    String rid = rid();
    try (RawClient client =
        RawClient.upgrade(
            server.port(),
            "HTTP/1.1",
            "/app/jsr?close_after_ms=150&code=4001&reason=jsr-bye",
            rid,
            IO)) {
      assertThat(client.status()).isEqualTo(101);
      RawClient.Frame close = client.readFrame();
      assertThat(close.closeCode()).isEqualTo(4001);
      client.sendClose(4001, "");
      assertThat(client.serverClosesWithin(IO)).isTrue();
    }
    assertThat(closeOf(handshake(rid)).attributes)
        .containsEntry(WsAuditSpans.CLOSE_CODE, 4001L)
        .containsEntry(WsAuditSpans.CLOSE_REASON, "jsr-bye")
        .containsEntry(WsAuditSpans.CLOSE_INITIATOR, Initiator.SERVER)
        .containsEntry(WsAuditSpans.CLOSE_CAUSE, Cause.APPLICATION);
  }

  @Test
  void jakartaEndpointIdleTimeout() throws Exception {
    String rid = rid();
    try (RawClient client =
        RawClient.upgrade(server.port(), "HTTP/1.1", "/app/jsr?idle_ms=300", rid, IO)) {
      assertThat(client.status()).isEqualTo(101);
      assertThat(client.readFrame().closeCode()).isEqualTo(1001);
      client.sendClose(1001, "");
      assertThat(client.serverClosesWithin(IO)).isTrue();
    }
    assertCloseSays(closeOf(handshake(rid)), 1001L, Initiator.SERVER, Cause.IDLE_TIMEOUT);
  }

  @Test
  void jakartaEndpointHttp10IsRefused() throws Exception {
    String rid = rid();
    try (RawClient client = RawClient.upgrade(server.port(), "HTTP/1.0", "/app/jsr", rid, IO)) {
      assertThat(client.status()).isEqualTo(404);
    }
    assertThat(handshake(rid).attributes)
        .containsEntry(WsAuditSpans.URL_PATH, "/app/jsr")
        .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 404L)
        .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, Rejection.HTTP_VERSION)
        .containsEntry(WsAuditSpans.KEEP_ALIVE, false);
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

  @Test
  void protocolViolationIsTheServers1002() throws Exception {
    String rid = rid();
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout((int) IO.toMillis());
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(
          RawClient.upgradeRequest("HTTP/1.1", "/ws", "X-Request-ID: " + rid)
              .getBytes(StandardCharsets.ISO_8859_1));
      String head = RawClient.readHead(in);
      assertThat(head).startsWith("HTTP/1.1 101");
      // FIN + reserved opcode 3, masked, empty payload: RFC 6455 says fail the connection with
      // 1002.
      out.write(new byte[] {(byte) 0x83, (byte) 0x80, 1, 2, 3, 4});
      out.flush();
      int b0 = in.read();
      int len = in.read() & 0x7F;
      byte[] payload = in.readNBytes(len);
      assertThat(b0 & 0x0F).isEqualTo(8);
      assertThat(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF)).isEqualTo(1002);
    }
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
      assertCloseSays(closeOf(own, handshake(own, rid)), 1006L, Initiator.SERVER, Cause.SHUTDOWN);
    }
  }

  static ReceivedSpan handshake(OtlpCollector collector, String rid) {
    return collector.awaitOne(Spans.handshakeWithRequestId(rid));
  }

  static ReceivedSpan closeOf(OtlpCollector collector, ReceivedSpan handshake) {
    return collector.awaitOne(Spans.closeOf(handshake));
  }

  /**
   * A rejected handshake has no connection: no close span may follow (checked after a later span
   * arrived).
   */
  private static void assertNoCloseSpan(ReceivedSpan handshake) {
    Object id = handshake.attr(WsAuditSpans.CONNECTION_ID);
    assertThat(
            collector.spans(
                s ->
                    s.name().equals(WsAuditSpans.CLOSE_SPAN)
                        && id.equals(s.attr(WsAuditSpans.CONNECTION_ID))))
        .isEmpty();
  }
}
