package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Outcome;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import io.wsaudit.testkit.apps.tomcat.TomcatEchoApp;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.ws.RawClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Embedded Tomcat 11 ({@link TomcatEchoApp}) in a forked JVM with the built agent, exporting
 * OTLP/HTTP to an in-test collector. One server serves every scenario; each scenario's spans are
 * found by its own {@code User-Agent}, and its close span by the handshake's connection id.
 */
class TomcatAgentIT extends AbstractServerAgentIT {

  @Override
  Class<?> app() {
    return TomcatEchoApp.class;
  }

  @Override
  String serverName() {
    return "tomcat-11.0";
  }

  /** Tomcat sees an RST as either end of input or an I/O error, depending on timing. */
  @Override
  Set<String> resetCauses() {
    return Set.of(Cause.EOF, Cause.IO_ERROR);
  }

  @Override
  void afterServerStopped() {
    try {
      Files.write(Path.of("target", "TomcatAgentIT-server.log"), server.output());
    } catch (IOException ignored) {
      // diagnostics only
    }
  }

  /**
   * What nginx sends with its default {@code proxy_http_version 1.0}: Tomcat answers 101 with both
   * {@code Connection: upgrade} and {@code Connection: close}, and keeps the socket (observed.md,
   * scenario E).
   */
  @Test
  void http10UpgradeIsKeptOpenDespiteConnectionClose() throws IOException {
    try (RawClient ws =
        RawClient.send(
            server.port(),
            RawClient.upgradeRequest("HTTP/1.0", "/ws", "User-Agent: it-http10"),
            IO)) {
      assertThat(ws.status()).isEqualTo(101);
      assertThat(ws.header("Connection")).map(String::toLowerCase).contains("upgrade", "close");
      assertThat(ws.serverClosesWithin(Duration.ofMillis(1000))).isFalse();
      ws.sendText("still there");
      assertThat(ws.readFrame().text()).isEqualTo("still there");
      ws.sendClose(1000, "");
      assertThat(ws.readFrame().closeCode()).isEqualTo(1000);
    }
    ReceivedSpan hs = handshakeFrom("it-http10");
    assertThat(hs.attributes)
        .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.0")
        .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 101L)
        .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.UPGRADED)
        .containsEntry(WsAuditSpans.KEEP_ALIVE, true)
        .containsEntry(header("connection"), List.of("Upgrade"));
    ReceivedSpan close = closeOf(hs);
    assertThat(close.attributes)
        .containsEntry(WsAuditSpans.CLOSE_CODE, 1000L)
        .containsEntry(WsAuditSpans.CLOSE_INITIATOR, Initiator.CLIENT)
        .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.0")
        .containsEntry(WsAuditSpans.CLOSE_EARLY, false)
        .doesNotContainKey(WsAuditSpans.CLOSE_REASON);
  }

  /** HTTP/1.0 made persistent (observed.md, scenario E2): 101 without {@code Connection: close}. */
  @Test
  void http10KeepAliveUpgrade() throws IOException {
    try (RawClient ws =
        RawClient.send(
            server.port(),
            RawClient.upgradeRequest(
                "HTTP/1.0", "/ws", "Connection: keep-alive, Upgrade", "User-Agent: it-http10-ka"),
            IO)) {
      assertThat(ws.status()).isEqualTo(101);
      assertThat(ws.header("Connection")).map(String::toLowerCase).doesNotContain("close");
      ws.sendText("hi");
      assertThat(ws.readFrame().text()).isEqualTo("hi");
      ws.sendClose(1000, "done");
      assertThat(ws.readFrame().closeCode()).isEqualTo(1000);
    }
    ReceivedSpan hs = handshakeFrom("it-http10-ka");
    assertThat(hs.attributes)
        .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.0")
        .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 101L)
        .containsEntry(WsAuditSpans.KEEP_ALIVE, true)
        .containsEntry(header("connection"), List.of("keep-alive, Upgrade"));
    assertThat(closeOf(hs).attributes)
        .containsEntry(WsAuditSpans.CLOSE_CODE, 1000L)
        .containsEntry(WsAuditSpans.CLOSE_REASON, "done");
  }

  /**
   * HTTP/1.1 with {@code Connection: close, Upgrade} (observed.md, scenario F): 101 with close,
   * kept open.
   */
  @Test
  void http11ConnectionCloseUpgradeIsKeptOpen() throws IOException {
    try (RawClient ws =
        RawClient.send(
            server.port(),
            RawClient.upgradeRequest(
                "HTTP/1.1", "/ws", "Connection: close, Upgrade", "User-Agent: it-close-upgrade"),
            IO)) {
      assertThat(ws.status()).isEqualTo(101);
      assertThat(ws.header("Connection")).map(String::toLowerCase).contains("upgrade", "close");
      ws.sendText("open");
      assertThat(ws.readFrame().text()).isEqualTo("open");
      ws.sendClose(1000, "");
      assertThat(ws.readFrame().closeCode()).isEqualTo(1000);
    }
    ReceivedSpan hs = handshakeFrom("it-close-upgrade");
    assertThat(hs.attributes)
        .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.1")
        .containsEntry(WsAuditSpans.KEEP_ALIVE, true)
        .containsEntry(header("connection"), List.of("close, Upgrade"));
    assertThat(closeOf(hs).attributes)
        .containsEntry(WsAuditSpans.CLOSE_INITIATOR, Initiator.CLIENT);
  }

  /**
   * WsFilter passes a request without {@code Upgrade: websocket} on to the application: here a 404.
   */
  @Test
  void missingUpgradeHeader() throws IOException {
    try (RawClient http =
        RawClient.send(
            server.port(),
            RawClient.upgradeRequest("HTTP/1.1", "/ws", "Upgrade:", "User-Agent: it-no-upgrade"),
            IO)) {
      assertThat(http.status()).isEqualTo(404);
    }
    assertThat(handshakeFrom("it-no-upgrade").attributes)
        .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 404L)
        .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.REJECTED)
        .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, Rejection.MISSING_UPGRADE)
        .containsEntry(WsAuditSpans.KEEP_ALIVE, true)
        .doesNotContainKey(header("upgrade"));
  }

  /** UpgradeUtil#doUpgrade answers 400, and Tomcat drops the connection after a 400. */
  @Test
  void missingConnectionHeader() throws IOException {
    try (RawClient http =
        RawClient.send(
            server.port(),
            RawClient.upgradeRequest(
                "HTTP/1.1", "/ws", "Connection:", "User-Agent: it-no-connection"),
            IO)) {
      assertThat(http.status()).isEqualTo(400);
      assertThat(http.header("Connection")).contains("close");
      assertThat(http.serverClosesWithin(IO)).isTrue();
    }
    assertThat(handshakeFrom("it-no-connection").attributes)
        .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 400L)
        .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, Rejection.MISSING_CONNECTION_UPGRADE)
        .containsEntry(WsAuditSpans.KEEP_ALIVE, false);
  }

  @Test
  void badVersionAndMissingKeyAndWrongMethod() throws IOException {
    try (RawClient http =
        RawClient.send(
            server.port(),
            RawClient.upgradeRequest(
                "HTTP/1.1", "/ws", "Sec-WebSocket-Version: 8", "User-Agent: it-bad-version"),
            IO)) {
      assertThat(http.status()).isEqualTo(426);
      assertThat(http.header("Sec-WebSocket-Version")).containsExactly("13");
    }
    assertThat(handshakeFrom("it-bad-version").attributes)
        .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 426L)
        .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, Rejection.BAD_VERSION)
        .containsEntry(header("sec-websocket-version"), List.of("8"))
        .containsEntry(WsAuditSpans.KEEP_ALIVE, true);

    try (RawClient http =
        RawClient.send(
            server.port(),
            RawClient.upgradeRequest(
                "HTTP/1.1", "/ws", "Sec-WebSocket-Key:", "User-Agent: it-no-key"),
            IO)) {
      assertThat(http.status()).isEqualTo(400);
    }
    assertThat(handshakeFrom("it-no-key").attributes)
        .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, Rejection.MISSING_KEY)
        .containsEntry(WsAuditSpans.KEEP_ALIVE, false);

    String post =
        RawClient.upgradeRequest("HTTP/1.1", "/ws", "User-Agent: it-post", "Content-Length: 0")
            .replaceFirst("^GET ", "POST ");
    try (RawClient http = RawClient.send(server.port(), post, IO)) {
      assertThat(http.status()).isEqualTo(404);
    }
    assertThat(handshakeFrom("it-post").attributes)
        .containsEntry(WsAuditSpans.HTTP_REQUEST_METHOD, "POST")
        .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, Rejection.METHOD);
  }

  /** FIN without a close frame (what a proxy timeout looks like): cause {@code eof}. */
  @Test
  void peerEndsTcpWithoutCloseFrame() throws IOException {
    assertPeerFinWithoutCloseFrameIsEof();
  }

  /**
   * {@code session.setMaxIdleTimeout}: Tomcat's background thread (every second in this app) sends
   * 1001 and reports 1006 to the endpoint; the span says what went on the wire.
   */
  @Test
  void idleTimeoutClose() throws IOException {
    assertThat((String) assertIdleTimeoutSends1001("/ws").attr(WsAuditSpans.CLOSE_REASON))
        .contains("timeout");
  }

  /**
   * The agent must not change what Tomcat answers: the same raw requests to Tomcat with and without
   * the agent give the same response heads (Date aside), and the agent says it instrumented Tomcat
   * and skipped nothing.
   */
  @Test
  void responsesAreIdenticalWithAndWithoutTheAgent() throws IOException {
    List<String> requests =
        List.of(
            RawClient.upgradeRequest("HTTP/1.1", "/ws"),
            RawClient.upgradeRequest("HTTP/1.0", "/ws"),
            RawClient.upgradeRequest("HTTP/1.0", "/ws", "Connection: keep-alive, Upgrade"),
            RawClient.upgradeRequest("HTTP/1.1", "/ws", "Connection: close, Upgrade"),
            RawClient.upgradeRequest("HTTP/1.1", "/ws", "Upgrade:"),
            RawClient.upgradeRequest("HTTP/1.1", "/ws", "Connection:"),
            RawClient.upgradeRequest("HTTP/1.1", "/ws", "Sec-WebSocket-Version: 8"),
            RawClient.upgradeRequest("HTTP/1.1", "/ws", "Sec-WebSocket-Key: tooshort"),
            RawClient.upgradeRequest("HTTP/1.1", "/elsewhere"),
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "GARBAGE\r\n\r\n");
    try (ForkedServer plain = ForkedServer.builder(TomcatEchoApp.class).withoutAgent().start()) {
      List<String> withAgent = heads(server.port(), requests);
      List<String> withoutAgent = heads(plain.port(), requests);
      assertThat(withAgent).containsExactlyElementsOf(withoutAgent);
      assertThat(withAgent.get(0)).startsWith("HTTP/1.1 101");
      // the close handshake too: the agent reads the peer's close frame before Tomcat answers it
      assertThat(CloseHandshake.of(server.port(), "/ws"))
          .isEqualTo(CloseHandshake.of(plain.port(), "/ws"));
    }
    assertThat(server.agentLines())
        .anyMatch(l -> l.contains("instrumented tomcat"))
        .noneMatch(l -> l.contains("skipped"));
  }

  private static List<String> heads(int port, List<String> requests) throws IOException {
    List<String> heads = new ArrayList<>();
    for (String request : requests) {
      try (RawClient c = RawClient.send(port, request, IO)) {
        heads.add(c.headWithoutDate());
      }
    }
    return heads;
  }

  /** The same agent on JDK 25, exporting over OTLP/gRPC this time. */
  @Test
  void jdk25OverGrpc() throws IOException {
    String jdk25 = System.getProperty("wsaudit.jdk25.home");
    assumeTrue(
        jdk25 != null && Files.isRegularFile(Path.of(jdk25, "bin", "java")),
        "no JDK 25 at " + jdk25);
    try (OtlpCollector grpc = new OtlpCollector();
        ForkedServer on25 =
            ForkedServer.builder(TomcatEchoApp.class)
                .javaHome(jdk25)
                .exportTo(grpc)
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", grpc.grpcEndpoint())
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
                .start()) {
      try (RawClient ws =
          RawClient.send(
              on25.port(),
              RawClient.upgradeRequest("HTTP/1.0", "/ws", "User-Agent: it-jdk25"),
              IO)) {
        assertThat(ws.status()).isEqualTo(101);
        ws.sendText("25");
        assertThat(ws.readFrame().text()).isEqualTo("25");
        ws.sendClose(1000, "bye");
        assertThat(ws.readFrame().closeCode()).isEqualTo(1000);
      }
      ReceivedSpan hs = grpc.awaitOne(s -> s.name().equals(WsAuditSpans.HANDSHAKE_SPAN));
      assertThat(hs.attributes)
          .containsEntry(WsAuditSpans.USER_AGENT_ORIGINAL, "it-jdk25")
          .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.0")
          .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 101L)
          .containsEntry(WsAuditSpans.KEEP_ALIVE, true)
          .containsEntry(WsAuditSpans.SERVER, "tomcat-11.0");
      ReceivedSpan close = grpc.awaitOne(s -> s.name().equals(WsAuditSpans.CLOSE_SPAN));
      assertThat(close.parentSpanId()).isEqualTo(hs.spanId());
      assertThat(close.attributes)
          .containsEntry(WsAuditSpans.CLOSE_CODE, 1000L)
          .containsEntry(WsAuditSpans.CLOSE_INITIATOR, Initiator.CLIENT);
      assertThat(on25.agentLines()).noneMatch(l -> l.contains("skipped"));
    }
  }

  /** Tomcat stops while a session is open: it sends 1001 first, and the agent says why. */
  @Test
  void serverShutdownClosesOpenSessions() throws IOException {
    try (OtlpCollector own = new OtlpCollector();
        ForkedServer stopping = ForkedServer.builder(TomcatEchoApp.class).exportTo(own).start();
        RawClient ws =
            RawClient.send(
                stopping.port(),
                RawClient.upgradeRequest("HTTP/1.1", "/ws", "User-Agent: it-shutdown"),
                IO)) {
      assertThat(ws.status()).isEqualTo(101);
      ws.sendText(
          "open?"); // the session is registered once it echoes; only then can Tomcat close it on
      // stop
      assertThat(ws.readFrame().text()).isEqualTo("open?");
      try (RawClient stop =
          RawClient.send(stopping.port(), "GET /stop HTTP/1.1\r\nHost: x\r\n\r\n", IO)) {
        assertThat(stop.status()).isEqualTo(202);
      }
      RawClient.Frame frame;
      try {
        frame = ws.readFrame();
      } catch (IOException e) {
        throw new AssertionError(
            "no close frame; server said:\n" + String.join("\n", stopping.output()), e);
      }
      assertThat(frame.opcode).isEqualTo(8);
      assertThat(frame.closeCode()).isEqualTo(1001);
      ws.sendClose(1001, "");
      ReceivedSpan close = own.awaitOne(s -> s.name().equals(WsAuditSpans.CLOSE_SPAN));
      assertCloseSays(close, 1001L, Initiator.SERVER, Cause.SHUTDOWN);
    }
  }

  /** An unmasked client frame breaks RFC 6455: Tomcat sends 1002 and drops the connection. */
  @Test
  void protocolErrorFromThePeer() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout((int) IO.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(
          RawClient.upgradeRequest("HTTP/1.1", "/ws", "User-Agent: it-protocol-error")
              .getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      String head = RawClient.readHead(in);
      assertThat(head).startsWith("HTTP/1.1 101");
      out.write(new byte[] {(byte) 0x81, 0x02, 'h', 'i'}); // text frame without the mask bit
      out.flush();
      assertThat(in.read()).isEqualTo(0x88);
      int length = in.read();
      byte[] payload = in.readNBytes(length);
      assertThat(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF)).isEqualTo(1002);
    }
    ReceivedSpan close = closeOf(handshakeFrom("it-protocol-error"));
    assertCloseSays(close, 1002L, Initiator.SERVER, Cause.PROTOCOL_ERROR);
  }

  /**
   * An empty close frame carries no code: the span says 1005 (Tomcat reports, and echoes, 1000).
   */
  @Test
  void emptyCloseFrameFromThePeer() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout((int) IO.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(
          RawClient.upgradeRequest("HTTP/1.1", "/ws", "User-Agent: it-empty-close")
              .getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      assertThat(RawClient.readHead(in)).startsWith("HTTP/1.1 101");
      out.write(
          new byte[] {(byte) 0x88, (byte) 0x80, 1, 2, 3, 4}); // masked close frame, no payload
      out.flush();
      assertThat(in.read()).isEqualTo(0x88);
    }
    ReceivedSpan close = closeOf(handshakeFrom("it-empty-close"));
    assertCloseSays(close, 1005L, Initiator.CLIENT, Cause.CLIENT);
  }

  private static ReceivedSpan handshakeFrom(String userAgent) {
    return collector.awaitOne(
        s ->
            s.name().equals(WsAuditSpans.HANDSHAKE_SPAN)
                && userAgent.equals(s.attr(WsAuditSpans.USER_AGENT_ORIGINAL)));
  }
}
