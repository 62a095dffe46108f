package io.wsaudit.agent.it;

import static io.wsaudit.agent.it.Exchanges.closeCodeAnswering;
import static io.wsaudit.agent.it.Exchanges.echoThenClose;
import static io.wsaudit.agent.it.SpanAsserts.assertCloseSays;
import static io.wsaudit.agent.it.SpanAsserts.assertUpgraded;
import static io.wsaudit.agent.it.SpanAsserts.handshakeFrom;
import static io.wsaudit.agent.it.SpanAsserts.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import io.wsaudit.testkit.apps.tomcat.TomcatEchoApp;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.ws.RawClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.MapAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Embedded Tomcat 11 ({@link TomcatEchoApp}) in a forked JVM with the built agent, exporting
 * OTLP/HTTP to an in-test collector. One server serves every scenario; each scenario's spans are
 * found by its own {@code User-Agent}, and its close span by the handshake's connection id.
 */
class TomcatAgentIT extends AbstractServerAgentIT {

  /** Tomcat sees an RST as either end of input or an I/O error, depending on timing. */
  TomcatAgentIT() {
    super(TomcatEchoApp.class, "tomcat-11.0", Set.of(Cause.EOF, Cause.IO_ERROR));
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
   * WsFilter passes a request without {@code Upgrade: websocket} on to the application: here a 404.
   * UpgradeUtil#doUpgrade answers 400 where the connection header lacks upgrade, or the key is
   * missing, and Tomcat drops the connection after a 400.
   */
  @Override
  List<Refusal> refusals() {
    return List.of(
        Refusal.of("no upgrade", "Upgrade:")
            .answers(404, Rejection.MISSING_UPGRADE)
            .keepAlive(true),
        Refusal.of("no connection", "Connection:")
            .answers(400, Rejection.MISSING_CONNECTION_UPGRADE)
            .keepAlive(false)
            .responseHeader("Connection", "close")
            .serverCloses(true),
        Refusal.of("bad version", "Sec-WebSocket-Version: 8")
            .answers(426, Rejection.BAD_VERSION)
            .responseHeader("Sec-WebSocket-Version", "13")
            .keepAlive(true),
        Refusal.of("no key", "Sec-WebSocket-Key:")
            .answers(400, Rejection.MISSING_KEY)
            .keepAlive(false),
        Refusal.of("post").method("POST").answers(404, Rejection.METHOD));
  }

  /**
   * Tomcat upgrades whatever the Connection header adds, and keeps the socket: what nginx sends
   * with its default {@code proxy_http_version 1.0} (observed.md, scenario E: the 101 says both
   * {@code upgrade} and {@code close}), HTTP/1.0 made persistent (E2: no {@code close}), and
   * HTTP/1.1 with {@code Connection: close, Upgrade} (F: 101 with close).
   */
  static Stream<Arguments> keptOpenUpgrades() {
    return Stream.of(
        Arguments.of("HTTP/1.0", "Upgrade", true, ""),
        Arguments.of("HTTP/1.0", "keep-alive, Upgrade", false, "done"),
        Arguments.of("HTTP/1.1", "close, Upgrade", true, ""));
  }

  @ParameterizedTest(name = "{0} Connection: {1}")
  @MethodSource("keptOpenUpgrades")
  void upgradeIsKeptOpenWhateverConnectionSays(
      String version, String connection, boolean answerSaysClose, String reason)
      throws IOException {
    String rid = rid();
    try (RawClient ws =
        Exchanges.open(
            server.port(),
            IO,
            version,
            "/ws",
            "Connection: " + connection,
            "X-Request-ID: " + rid)) {
      assertThat(ws.header("Connection")).map(String::toLowerCase).contains("upgrade");
      if (answerSaysClose) {
        assertThat(ws.header("Connection")).map(String::toLowerCase).contains("close");
      } else {
        assertThat(ws.header("Connection")).map(String::toLowerCase).doesNotContain("close");
      }
      assertThat(ws.serverClosesWithin(Duration.ofMillis(1000))).isFalse();
      echoThenClose(ws, "still there", 1000, reason);
    }
    ReceivedSpan hs = handshake(rid);
    assertUpgraded(hs, version.substring("HTTP/".length()))
        .containsEntry(WsAuditSpans.KEEP_ALIVE, true)
        .containsEntry(header("connection"), List.of(connection));
    MapAssert<String, Object> close =
        assertCloseSays(closeOf(hs), 1000L, Initiator.CLIENT)
            .containsEntry(
                WsAuditSpans.NETWORK_PROTOCOL_VERSION, version.substring("HTTP/".length()))
            .containsEntry(WsAuditSpans.CLOSE_EARLY, false);
    if (reason.isEmpty()) {
      close.doesNotContainKey(WsAuditSpans.CLOSE_REASON);
    } else {
      close.containsEntry(WsAuditSpans.CLOSE_REASON, reason);
    }
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
        Differential.spoiledUpgradesAnd(
            "/ws",
            RawClient.upgradeRequest("HTTP/1.0", "/ws", "Connection: keep-alive, Upgrade"),
            RawClient.upgradeRequest("HTTP/1.1", "/ws", "Connection: close, Upgrade"),
            RawClient.upgradeRequest("HTTP/1.1", "/ws", "Sec-WebSocket-Key: tooshort"),
            RawClient.upgradeRequest("HTTP/1.1", "/elsewhere"),
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "GARBAGE\r\n\r\n");
    try (ForkedServer plain = ForkedServer.builder(TomcatEchoApp.class).withoutAgent().start()) {
      List<String> withAgent = Differential.heads(server.port(), requests, IO);
      List<String> withoutAgent = Differential.heads(plain.port(), requests, IO);
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

  /** The same agent on JDK 25, exporting over OTLP/gRPC this time. */
  @Test
  void jdk25OverGrpc() throws IOException {
    String jdk25 = ForkedServer.jdk25Home();
    try (OtlpCollector grpc = new OtlpCollector();
        ForkedServer on25 =
            ForkedServer.builder(TomcatEchoApp.class)
                .javaHome(jdk25)
                .exportTo(grpc)
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", grpc.grpcEndpoint())
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
                .start()) {
      try (RawClient ws =
          Exchanges.open(on25.port(), IO, "HTTP/1.0", "/ws", "User-Agent: it-jdk25")) {
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
            Exchanges.open(stopping.port(), IO, "HTTP/1.1", "/ws", "User-Agent: it-shutdown")) {
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
    String request = RawClient.upgradeRequest("HTTP/1.1", "/ws", "User-Agent: it-protocol-error");
    assertThat(closeCodeAnswering(server.port(), request, Exchanges.UNMASKED_TEXT, IO))
        .isEqualTo(1002);
    ReceivedSpan close = closeOf(handshakeFrom(collector, "it-protocol-error"));
    assertCloseSays(close, 1002L, Initiator.SERVER, Cause.PROTOCOL_ERROR);
  }

  /**
   * An empty close frame carries no code: the span says 1005 (Tomcat reports, and echoes, 1000).
   */
  @Test
  void emptyCloseFrameFromThePeer() throws IOException {
    String request = RawClient.upgradeRequest("HTTP/1.1", "/ws", "User-Agent: it-empty-close");
    closeCodeAnswering(server.port(), request, Exchanges.EMPTY_CLOSE, IO);
    ReceivedSpan close = closeOf(handshakeFrom(collector, "it-empty-close"));
    assertCloseSays(close, 1005L, Initiator.CLIENT, Cause.CLIENT);
  }

  /**
   * {@code WsSession} was first loaded with the agent there: its instances carry their record in a
   * field of their own (no map entry per connection), and the close path finds it.
   */
  @Test
  void connectionsCarryTheirRecordInAFieldOfTheirOwn() throws IOException {
    RecordInField.assertCarried(
        TomcatEchoApp.class, "tomcat", "org.apache.tomcat.websocket.WsSession", "/ws");
  }
}
