package io.wsaudit.agent.it;

import static io.wsaudit.agent.it.SpanAsserts.assertClose;
import static io.wsaudit.agent.it.SpanAsserts.assertCloseSays;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Outcome;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import io.wsaudit.testkit.apps.netty.NettyEchoApp;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.otlp.Spans;
import io.wsaudit.testkit.ws.RawClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Netty 4.2 with the agent attached: {@code WebSocketServerProtocolHandler} on {@code /ws}, a
 * hand-written handshaker handler on {@code /raw} (see {@link NettyEchoApp}). Each test uses its
 * own path, so spans of other tests never match.
 */
class NettyAgentIT extends AbstractServerAgentIT {

  static final Duration T = Duration.ofSeconds(5);

  NettyAgentIT() {
    super(NettyEchoApp.class, "netty-4.2", Set.of(Cause.IO_ERROR));
  }

  /** The protocol handler's path and the application's own handshaker's. */
  @Override
  List<String> echoPaths() {
    return List.of("/ws", "/raw");
  }

  static ReceivedSpan handshake(OtlpCollector c, String path) {
    return c.awaitOne(Spans.handshake(path));
  }

  static ReceivedSpan closeOf(OtlpCollector c, ReceivedSpan handshake) {
    return SpanAsserts.closeOf(c, handshake);
  }

  static void assertUpgraded(ReceivedSpan h, String path, String version, int port) {
    assertThat(h.span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(h.scope).isEqualTo(WsAuditSpans.SCOPE_NAME);
    assertThat(h.attributes)
        .containsEntry(WsAuditSpans.HTTP_REQUEST_METHOD, "GET")
        .containsEntry(WsAuditSpans.URL_PATH, path)
        .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, version)
        .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 101L)
        .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.UPGRADED)
        .containsEntry(WsAuditSpans.KEEP_ALIVE, true)
        .containsEntry(WsAuditSpans.SERVER, "netty-4.2")
        .containsEntry(WsAuditSpans.NETWORK_PEER_ADDRESS, "127.0.0.1")
        .containsEntry(WsAuditSpans.NETWORK_LOCAL_ADDRESS, "127.0.0.1")
        .containsEntry(WsAuditSpans.NETWORK_LOCAL_PORT, (long) port)
        .containsEntry(WsAuditSpans.SERVER_ADDRESS, "127.0.0.1")
        .containsEntry(WsAuditSpans.REQUEST_HEADER_PREFIX + "upgrade", List.of("websocket"))
        .containsEntry(WsAuditSpans.REQUEST_HEADER_PREFIX + "sec-websocket-version", List.of("13"))
        .containsKey(WsAuditSpans.NETWORK_PEER_PORT)
        .containsKey(WsAuditSpans.CONNECTION_ID)
        .doesNotContainKey(WsAuditSpans.HANDSHAKE_REJECTION)
        .doesNotContainKey(WsAuditSpans.REQUEST_HEADER_PREFIX + "sec-websocket-key");
  }

  /** Upgrade, echo, client close 1000: the server echoes the close and ends TCP. */
  static void echoAndClientClose(RawClient ws) throws IOException {
    Exchanges.echoThenClose(ws, "hello", 1000, "bye");
    assertThat(ws.serverClosesWithin(T)).isTrue();
  }

  /** An upgrade of {@code path} over {@code version}, an echo, a client close; the spans say so. */
  static void assertEchoAndClientClose(ForkedServer s, OtlpCollector c, String version, String path)
      throws IOException {
    try (RawClient ws = Exchanges.open(s.port(), T, version, path)) {
      echoAndClientClose(ws);
    }
    ReceivedSpan h = handshake(c, path);
    assertUpgraded(h, path, version.substring(5), s.port());
    assertClose(closeOf(c, h), h, 1000, "bye", Initiator.CLIENT, Cause.CLIENT);
  }

  /**
   * Netty answers "HTTP/1.1 101" to an HTTP/1.0 request and keeps the connection; the span says
   * 1.0. Likewise an HTTP/1.1 "Connection: close, Upgrade" (observed.md scenario F) is upgraded and
   * kept: keep_alive says so.
   */
  @Test
  void http10UpgradeIsAcceptedAndKeptOpen() throws IOException {
    String[][] cases = {
      {"HTTP/1.0", "/ws/http10", "Connection: Upgrade"},
      {"HTTP/1.0", "/ws/http10-ka", "Connection: keep-alive, Upgrade"},
      {"HTTP/1.0", "/raw/http10", "Connection: Upgrade"},
      {"HTTP/1.1", "/ws/close-upgrade", "Connection: close, Upgrade"}
    };
    for (String[] c : cases) {
      try (RawClient ws = Exchanges.open(server.port(), T, c[0], c[1], c[2])) {
        assertThat(ws.statusLine).startsWith("HTTP/1.1 101");
        echoAndClientClose(ws);
      }
      ReceivedSpan h = handshake(collector, c[1]);
      assertUpgraded(h, c[1], c[0].substring(5), server.port());
      assertThat(h.attributes)
          .containsEntry(
              WsAuditSpans.REQUEST_HEADER_PREFIX + "connection",
              List.of(c[2].substring("Connection: ".length())));
      assertClose(closeOf(collector, h), h, 1000, "bye", Initiator.CLIENT, Cause.CLIENT);
    }
  }

  /**
   * WebSocketServerProtocolHandler ({@code /ws}) answers 400 and closes; a hand-written handler
   * ({@code /raw}) answers what it likes after the handshaker threw, which the agent cannot know
   * there. An unsupported version gets 426 naming 13, and the connection stays.
   */
  @Override
  List<Refusal> refusals() {
    List<Refusal> rows = new ArrayList<>();
    for (String path : List.of("/ws", "/raw")) {
      rows.add(
          protocolHandlerOr(
                  path, Refusal.of(path + " no upgrade", "Upgrade:").path(path + "/no-upgrade"))
              .answers(400, Rejection.MISSING_UPGRADE));
      rows.add(
          protocolHandlerOr(
                  path,
                  Refusal.of(path + " no connection", "Connection:").path(path + "/no-connection"))
              .answers(400, Rejection.MISSING_CONNECTION_UPGRADE));
      rows.add(
          Refusal.of(path + " bad version", "Sec-WebSocket-Version: 99")
              .path(path + "/bad-version")
              .answers(426, Rejection.BAD_VERSION)
              .responseHeader("Sec-WebSocket-Version", "13")
              .keepAlive(true));
    }
    rows.add(
        Refusal.of("/ws connection close", "Connection: close")
            .path("/ws/connection-close")
            .answers(400, Rejection.MISSING_CONNECTION_UPGRADE)
            .keepAlive(false)
            .serverCloses(true));
    rows.add(
        Refusal.of("/ws no key", "Sec-WebSocket-Key:")
            .path("/ws/no-key")
            .answers(400, Rejection.MISSING_KEY));
    rows.add(Refusal.of("/ws post").method("POST").path("/ws/post").answers(400, Rejection.METHOD));
    return rows;
  }

  private static Refusal protocolHandlerOr(String path, Refusal refusal) {
    return path.equals("/ws")
        ? refusal.keepAlive(false).serverCloses(true)
        : refusal.answerUnknownToTheAgent().serverCloses(true);
  }

  /**
   * The application answers IdleStateHandler's event: a 1001 frame on /ws, a bare TCP close on
   * /raw.
   */
  @Test
  void idleTimeoutClose() throws IOException {
    try (RawClient ws = Exchanges.open(server.port(), T, "HTTP/1.1", "/ws/idle?idle_ms=300")) {
      assertThat(ws.status()).isEqualTo(101);
      RawClient.Frame close = ws.readFrame();
      assertThat(close.closeCode()).isEqualTo(1001);
      assertThat(ws.serverClosesWithin(T)).isTrue();
    }
    ReceivedSpan h = handshake(collector, "/ws/idle");
    assertClose(closeOf(collector, h), h, 1001, "idle", Initiator.SERVER, Cause.IDLE_TIMEOUT);

    try (RawClient ws = Exchanges.open(server.port(), T, "HTTP/1.1", "/raw/idle?idle_ms=300")) {
      assertThat(ws.status()).isEqualTo(101);
      assertThat(ws.serverClosesWithin(T)).isTrue();
    }
    h = handshake(collector, "/raw/idle");
    assertClose(closeOf(collector, h), h, 1006, null, Initiator.SERVER, Cause.IDLE_TIMEOUT);

    // ReadTimeoutHandler (first in the pipeline) closes the channel itself: its close never passes
    // WebSocketServerProtocolHandler, so no close frame goes out, only a FIN.
    try (RawClient ws =
        Exchanges.open(server.port(), T, "HTTP/1.1", "/ws/read-timeout?read_timeout_ms=300")) {
      assertThat(ws.status()).isEqualTo(101);
      assertThat(ws.serverClosesWithin(T)).isTrue();
    }
    h = handshake(collector, "/ws/read-timeout");
    assertClose(closeOf(collector, h), h, 1006, null, Initiator.SERVER, Cause.IDLE_TIMEOUT);
  }

  @Test
  void clientEndsTcpWithoutCloseFrameIsEof() throws IOException {
    assertPeerFinWithoutCloseFrameIsEof();
  }

  @Test
  void startupLineNamesNetty() {
    assertThat(server.agentLines()).anyMatch(l -> l.contains("instrumented netty"));
  }

  /**
   * A frame with a reserved opcode: the decoder answers 1002 (CorruptedWebSocketFrameException) and
   * closes.
   */
  @Test
  void protocolViolationIs1002() throws IOException {
    for (String path : List.of("/ws/violation", "/raw/violation")) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
        s.setSoTimeout(5000);
        s.getOutputStream()
            .write(
                RawClient.upgradeRequest("HTTP/1.1", path)
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        java.io.InputStream in = s.getInputStream();
        String head = RawClient.readHead(in);
        assertThat(head).startsWith("HTTP/1.1 101");
        s.getOutputStream().write(new byte[] {(byte) 0x83, (byte) 0x80, 1, 2, 3, 4});
        s.getOutputStream().flush();
        assertThat(in.read()).isEqualTo(0x88);
        int len = in.read() & 0x7F;
        byte[] payload = in.readNBytes(len);
        assertThat(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF)).isEqualTo(1002);
      }
      ReceivedSpan h = handshake(collector, path);
      ReceivedSpan close = closeOf(collector, h);
      assertCloseSays(close, 1002L, Initiator.SERVER, Cause.PROTOCOL_ERROR);
    }
  }

  /** HttpServerKeepAliveHandler in the pipeline changes nothing for a 101: the connection stays. */
  @Test
  void withHttpServerKeepAliveHandler() throws IOException {
    try (OtlpCollector c = new OtlpCollector();
        ForkedServer ka =
            ForkedServer.builder(NettyEchoApp.class).exportTo(c).arg("keepalive").start()) {
      for (String version : List.of("HTTP/1.1", "HTTP/1.0")) {
        String path = "/ws/ka-" + version.substring(5);
        try (RawClient ws = Exchanges.open(ka.port(), T, version, path)) {
          assertThat(ws.statusLine).startsWith("HTTP/1.1 101");
          assertThat(ws.header("Connection")).containsExactly("upgrade");
          echoAndClientClose(ws);
        }
        ReceivedSpan h = handshake(c, path);
        assertUpgraded(h, path, version.substring(5), ka.port());
        assertClose(closeOf(c, h), h, 1000, "bye", Initiator.CLIENT, Cause.CLIENT);
      }
      // A 426 to an HTTP/1.0 request: the keep-alive handler adds "Connection: close" and closes.
      try (RawClient r =
          Exchanges.open(ka.port(), T, "HTTP/1.0", "/ws/ka-426", "Sec-WebSocket-Version: 99")) {
        assertThat(r.status()).isEqualTo(426);
        assertThat(r.serverClosesWithin(T)).isTrue();
      }
      assertThat(handshake(c, "/ws/ka-426").attributes)
          .containsEntry(WsAuditSpans.KEEP_ALIVE, false)
          .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.0");
    }
  }

  /** The same raw requests get byte-identical answers (less Date) with and without the agent. */
  @Test
  void differentialResponsesWithAndWithoutAgent() throws IOException {
    List<String> requests =
        List.of(
            RawClient.upgradeRequest("HTTP/1.1", "/ws/diff"),
            RawClient.upgradeRequest("HTTP/1.1", "/raw/diff"),
            RawClient.upgradeRequest("HTTP/1.0", "/ws/diff"),
            RawClient.upgradeRequest("HTTP/1.0", "/raw/diff"),
            RawClient.upgradeRequest("HTTP/1.1", "/ws/diff", "Upgrade:"),
            RawClient.upgradeRequest("HTTP/1.1", "/raw/diff", "Upgrade:"),
            RawClient.upgradeRequest("HTTP/1.1", "/ws/diff", "Connection:"),
            RawClient.upgradeRequest("HTTP/1.1", "/ws/diff", "Sec-WebSocket-Version: 99"),
            RawClient.upgradeRequest("HTTP/1.1", "/raw/diff", "Sec-WebSocket-Version: 99"),
            RawClient.upgradeRequest("HTTP/1.1", "/ws/diff", "Sec-WebSocket-Key:"),
            RawClient.upgradeRequest("HTTP/1.1", "/ws/diff", "Sec-WebSocket-Version:"),
            "POST /ws/diff HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: "
                + RawClient.KEY
                + "\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n",
            "GET /plain HTTP/1.1\r\nHost: x\r\n\r\n",
            "GARBAGE\r\n\r\n");
    for (String mode : List.of("default", "keepalive")) {
      try (OtlpCollector c = new OtlpCollector();
          ForkedServer with =
              ForkedServer.builder(NettyEchoApp.class).exportTo(c).arg(mode).start();
          ForkedServer without =
              ForkedServer.builder(NettyEchoApp.class).withoutAgent().arg(mode).start()) {
        for (String request : requests) {
          // Both servers at once: each answer waits up to 400 ms to see whether the server closes.
          java.util.concurrent.CompletableFuture<String> withAgent =
              java.util.concurrent.CompletableFuture.supplyAsync(() -> head(with.port(), request));
          String withoutAgent = head(without.port(), request);
          assertThat(withAgent.join()).as(mode + ": " + request).isEqualTo(withoutAgent);
        }
        assertThat(with.agentLines())
            .anyMatch(l -> l.contains("instrumented netty"))
            .noneMatch(l -> l.contains("skipped"));
        assertThat(without.agentLines()).isEmpty();
      }
    }
  }

  static String head(int port, String request) {
    try (RawClient r = RawClient.send(port, request, Duration.ofSeconds(2))) {
      return r.headWithoutDate() + "closes=" + r.serverClosesWithin(Duration.ofMillis(400));
    } catch (IOException e) {
      return "no answer: " + e.getClass().getSimpleName();
    }
  }

  @Test
  void runsOnJdk25() throws IOException {
    String home = System.getProperty("wsaudit.jdk25.home");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        home != null && java.nio.file.Files.isDirectory(java.nio.file.Path.of(home)),
        "JDK 25 not installed");
    try (OtlpCollector c = new OtlpCollector();
        ForkedServer s25 =
            ForkedServer.builder(NettyEchoApp.class).javaHome(home).exportTo(c).start()) {
      for (String path : List.of("/ws/jdk25", "/raw/jdk25")) {
        assertEchoAndClientClose(s25, c, "HTTP/1.1", path);
      }
      assertThat(s25.agentLines())
          .anyMatch(l -> l.contains("instrumented netty"))
          .noneMatch(l -> l.contains("skipped"));
    }
  }

  /**
   * Without HttpObjectAggregator, Netty 4.2 hands the handshaker a bare HttpRequest and aggregates
   * it itself.
   */
  @Test
  void withoutHttpObjectAggregator() throws IOException {
    try (OtlpCollector c = new OtlpCollector();
        ForkedServer s =
            ForkedServer.builder(NettyEchoApp.class).exportTo(c).arg("noaggregator").start()) {
      for (String version : List.of("HTTP/1.1", "HTTP/1.0")) {
        assertEchoAndClientClose(s, c, version, "/ws/noagg-" + version.substring(5));
      }
      try (RawClient r = Exchanges.open(s.port(), T, "HTTP/1.1", "/ws/noagg-bad", "Connection:")) {
        assertThat(r.status()).isEqualTo(400);
      }
      assertThat(handshake(c, "/ws/noagg-bad").attributes)
          .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, Rejection.MISSING_CONNECTION_UPGRADE)
          .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 400L)
          .containsEntry(WsAuditSpans.KEEP_ALIVE, false);
    }
  }

  /**
   * {@code AbstractChannel} was first loaded with the agent there: its instances carry their record
   * in a field of their own (no map entry per connection), and the close path finds it.
   */
  @Test
  void connectionsCarryTheirRecordInAFieldOfTheirOwn() throws IOException {
    RecordInField.assertCarried(
        NettyEchoApp.class, "netty", "io.netty.channel.AbstractChannel", "/ws");
  }
}
