package io.wsaudit.agent.it;

import static io.wsaudit.agent.it.SpanAsserts.assertClose;
import static io.wsaudit.agent.it.SpanAsserts.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opentelemetry.proto.trace.v1.Status;
import io.wsaudit.agent.it.apps.IsolatedLauncher;
import io.wsaudit.agent.it.apps.JavaWebSocketEchoApp;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Outcome;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.otlp.Spans;
import io.wsaudit.testkit.ws.RawClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TooTallNate Java-WebSocket 1.6 (and 1.5.0, 1.5.7 through {@link IsolatedLauncher}) in forked JVMs
 * with the agent jar attached. Every scenario uses its own path (the server serves every path), so
 * spans are told apart by {@code url.path}.
 */
class JavaWebSocketAgentIT extends AbstractServerAgentIT {

  JavaWebSocketAgentIT() {
    super(JavaWebSocketEchoApp.class, "java-websocket-1.6", Set.of(Cause.IO_ERROR));
  }

  /** A hook that throws says so once on stderr; none may have. */
  @Override
  void afterServerStopped() {
    assertThat(server.agentLines()).noneMatch(l -> l.contains("failed") || l.contains("skipped"));
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /**
   * Java-WebSocket refuses with 404 and an HTTP/1.1 status line, calls no callback, and leaves the
   * socket open; an application's own refusal is a 404, its failure a 500.
   */
  @Override
  List<Refusal> refusals() {
    return List.of(
        http10Refusal("/http10", "Connection: Upgrade"),
        http10Refusal("/http10ka", "Connection: keep-alive, Upgrade"),
        Refusal.of("bad version", "Sec-WebSocket-Version: 8")
            .path("/bad-version")
            .answers(404, Rejection.BAD_VERSION),
        Refusal.of("no key", "Sec-WebSocket-Key:")
            .path("/no-key")
            .answers(404, Rejection.MISSING_KEY),
        Refusal.of("post").method("POST").path("/post").answers(404, Rejection.METHOD),
        Refusal.of("application refuses")
            .path("/app-reject?reject=1")
            .answers(404, Rejection.OTHER),
        Refusal.of("application fails").path("/app-fail?fail=1").answers(500, Rejection.OTHER));
  }

  private static Refusal http10Refusal(String path, String connection) {
    return Refusal.of("http/1.0 " + connection, connection)
        .version("HTTP/1.0")
        .path(path)
        .answers(404, Rejection.HTTP_VERSION)
        .statusLine("HTTP/1.1 404 WebSocket Upgrade Failure")
        .serverCloses(false)
        .keepAlive(true);
  }

  /**
   * Observed scenario C: nginx with proxy_http_version 1.1 but no Upgrade/Connection settings sends
   * no Upgrade and {@code Connection: close}; Java-WebSocket still upgrades, echoes {@code
   * Connection: close} on its 101, and keeps the connection.
   */
  @Test
  void nginxStrippedUpgradeHeadersStillUpgrade() throws Exception {
    String request =
        RawClient.upgradeRequest("HTTP/1.1", "/stripped", "Upgrade:", "Connection: close");
    try (RawClient c = RawClient.send(server.port(), request, TIMEOUT)) {
      assertThat(c.status()).isEqualTo(101);
      assertThat(c.header("Connection")).containsExactly("close");
      c.sendText("through");
      assertThat(c.readFrame().text()).isEqualTo("through");
      c.sendClose(1001, "going");
      assertThat(c.readFrame().closeCode()).isEqualTo(1001);
    }
    ReceivedSpan hs = collector.awaitOne(Spans.handshake("/stripped"));
    assertUpgraded(hs, "/stripped", server.port(), "1.6");
    assertThat(hs.attr(header("connection"))).isEqualTo(List.of("close"));
    assertThat(hs.attributes).doesNotContainKey(header("upgrade"));
    assertClose(
        collector.awaitOne(Spans.close("/stripped")),
        hs,
        1001,
        "going",
        Initiator.CLIENT,
        Cause.CLIENT);
  }

  /**
   * Java-WebSocket's server side checks neither Upgrade nor Connection (observed scenario C: nginx
   * strips them).
   */
  @Test
  void upgradeWithoutUpgradeOrConnectionHeaderIsStillAccepted() throws Exception {
    for (String[] variant :
        new String[][] {{"/no-upgrade", "Upgrade:"}, {"/no-connection", "Connection:"}}) {
      String request = RawClient.upgradeRequest("HTTP/1.1", variant[0], variant[1]);
      try (RawClient c = RawClient.send(server.port(), request, TIMEOUT)) {
        assertThat(c.status()).isEqualTo(101);
        c.sendText("still works");
        assertThat(c.readFrame().text()).isEqualTo("still works");
        c.sendClose(1000, "");
        assertThat(c.readFrame().opcode).isEqualTo(8);
      }
      ReceivedSpan hs = collector.awaitOne(Spans.handshake(variant[0]));
      assertUpgraded(hs, variant[0], server.port(), "1.6");
      String missing = variant[1].substring(0, variant[1].length() - 1).toLowerCase();
      assertThat(hs.attributes).doesNotContainKey(header(missing));
      ReceivedSpan close = collector.awaitOne(Spans.close(variant[0]));
      assertClose(close, hs, 1000, null, Initiator.CLIENT, Cause.CLIENT);
    }
  }

  @Test
  void endOfStreamWithoutCloseFrameIs1006Eof() throws Exception {
    assertPeerFinWithoutCloseFrameIsEof();
  }

  /**
   * The peer may end TCP right after the 101, before the server's worker has marked the connection
   * open (the server then still says NOT_YET_CONNECTED): every upgraded connection must still get
   * its close span.
   */
  @Test
  void endOfStreamRightAfterThe101StillClosesEveryConnection() throws Exception {
    int n = 20;
    for (int i = 0; i < n; i++) {
      Exchanges.upgradeAndHangUp(server.port(), TIMEOUT, "HTTP/1.1", "/burst");
    }
    List<ReceivedSpan> closes = collector.await(n, Duration.ofSeconds(15), Spans.close("/burst"));
    assertThat(closes)
        .hasSize(n)
        .allSatisfy(
            s -> {
              assertThat(s.attr(WsAuditSpans.CLOSE_CODE)).isEqualTo(1006L);
              assertThat(s.attr(WsAuditSpans.CLOSE_CAUSE)).isEqualTo(Cause.EOF);
              assertThat(s.attr(WsAuditSpans.CLOSE_INITIATOR)).isEqualTo(Initiator.TRANSPORT);
            });
    assertThat(collector.spans(Spans.handshake("/burst"))).hasSize(n);
  }

  /**
   * Java-WebSocket's only idle mechanism is the lost-connection checker: a ping every interval, and
   * TCP closed without a close frame when no pong came back within 1.5 intervals. It is the
   * server's own liveness timeout: idle_timeout.
   */
  @Test
  void lostConnectionTimeoutIsAServerIdleTimeout() throws Exception {
    try (ForkedServer lost =
            ForkedServer.builder(JavaWebSocketEchoApp.class)
                .exportTo(collector)
                .jvmArg("-Dapp.lostTimeoutSeconds=1")
                .start();
        RawClient c = Exchanges.open(lost.port(), TIMEOUT, "HTTP/1.1", "/lost")) {
      assertThat(c.status()).isEqualTo(101);
      // The raw client never answers the pings.
      assertThat(c.serverClosesWithin(Duration.ofSeconds(8))).isTrue();
      ReceivedSpan hs = collector.awaitOne(Spans.handshake("/lost"));
      ReceivedSpan close = collector.awaitOne(Spans.close("/lost"));
      assertClose(close, hs, 1006, null, Initiator.SERVER, Cause.IDLE_TIMEOUT);
      assertThat((Long) close.attr(WsAuditSpans.CONNECTION_DURATION_MS))
          .isGreaterThanOrEqualTo(1000L);
      assertThat(close.attr(WsAuditSpans.CLOSE_EARLY)).isEqualTo(false);
    }
  }

  /**
   * An invalid close code from the peer: the server answers with its own 1002 close frame, the
   * first valid one.
   */
  @Test
  void protocolErrorIsAServer1002() throws Exception {
    try (RawClient c = Exchanges.open(server.port(), TIMEOUT, "HTTP/1.1", "/protocol")) {
      assertThat(c.status()).isEqualTo(101);
      c.sendClose(999, "");
      RawClient.Frame frame = c.readFrame();
      assertThat(frame.opcode).isEqualTo(8);
      assertThat(frame.closeCode()).isEqualTo(1002);
    }
    ReceivedSpan hs = collector.awaitOne(Spans.handshake("/protocol"));
    ReceivedSpan close = collector.awaitOne(Spans.close("/protocol"));
    assertThat(close.attr(WsAuditSpans.CLOSE_CODE)).isEqualTo(1002L);
    assertThat(close.attr(WsAuditSpans.CLOSE_INITIATOR)).isEqualTo(Initiator.SERVER);
    assertThat(close.attr(WsAuditSpans.CLOSE_CAUSE)).isEqualTo(Cause.PROTOCOL_ERROR);
    assertThat(close.parentSpanId()).isEqualTo(hs.spanId());
  }

  /**
   * {@code WebSocketServer#stop} sends 1001 to every open connection: initiator server, cause
   * shutdown.
   */
  @Test
  void serverStopIsAShutdown() throws Exception {
    try (ForkedServer stopping =
            ForkedServer.builder(JavaWebSocketEchoApp.class).exportTo(collector).start();
        RawClient c =
            Exchanges.open(stopping.port(), TIMEOUT, "HTTP/1.1", "/shutdown?stop_after_ms=100")) {
      assertThat(c.status()).isEqualTo(101);
      RawClient.Frame frame = c.readFrame();
      assertThat(frame.opcode).isEqualTo(8);
      assertThat(frame.closeCode()).isEqualTo(1001);
      ReceivedSpan hs = collector.awaitOne(Spans.handshake("/shutdown"));
      assertClose(
          collector.awaitOne(Spans.close("/shutdown")),
          hs,
          1001,
          "server-stopping",
          Initiator.SERVER,
          Cause.SHUTDOWN);
    }
  }

  /**
   * The same raw requests get byte-identical response heads (Date aside) with and without the
   * agent.
   */
  @Test
  void responsesAreIdenticalWithAndWithoutTheAgent() throws Exception {
    List<String> requests =
        Differential.spoiledUpgradesAnd(
            "/diff",
            RawClient.upgradeRequest("HTTP/1.1", "/diff?reject=1"),
            RawClient.upgradeRequest("HTTP/1.1", "/diff?fail=1"),
            "GARBAGE\r\n\r\n");
    try (ForkedServer plain =
        ForkedServer.builder(JavaWebSocketEchoApp.class).withoutAgent().start()) {
      List<String> with = Differential.heads(server.port(), requests, TIMEOUT);
      List<String> without = Differential.heads(plain.port(), requests, TIMEOUT);
      assertThat(with).isEqualTo(without);
      assertThat(with.get(0)).startsWith("HTTP/1.1 101");
      assertThat(with.get(1)).startsWith("HTTP/1.1 404");
      // the close handshake too: the agent reads the peer's close frame before the server answers
      // it
      assertThat(CloseHandshake.of(server.port(), "/diff"))
          .isEqualTo(CloseHandshake.of(plain.port(), "/diff"));
      assertThat(plain.agentLines()).isEmpty();
    }
    assertThat(server.agentLines()).anyMatch(l -> l.contains("instrumented java-websocket"));
    assertThat(server.agentLines()).noneMatch(l -> l.contains("skipped"));
    assertThat(server.output()).noneMatch(l -> l.contains("Exception") && l.contains("wsaudit"));
  }

  @Test
  void runsOnJdk25() throws Exception {
    String home = ForkedServer.jdk25Home();
    try (ForkedServer jdk25 =
        ForkedServer.builder(JavaWebSocketEchoApp.class)
            .javaHome(home)
            .exportTo(collector)
            .start()) {
      exchangeAndClose(jdk25.port(), "/jdk25");
      ReceivedSpan hs = collector.awaitOne(Spans.handshake("/jdk25"));
      assertUpgraded(hs, "/jdk25", jdk25.port(), "1.6");
      assertClose(
          collector.awaitOne(Spans.close("/jdk25")),
          hs,
          1000,
          "bye",
          Initiator.CLIENT,
          Cause.CLIENT);
      try (RawClient c = Exchanges.open(jdk25.port(), TIMEOUT, "HTTP/1.0", "/jdk25-http10")) {
        assertThat(c.status()).isEqualTo(404);
      }
      assertRefusedHttp10(collector.awaitOne(Spans.handshake("/jdk25-http10")), "/jdk25-http10");
      assertThat(jdk25.agentLines())
          .anyMatch(l -> l.contains("instrumented java-websocket"))
          .noneMatch(l -> l.contains("skipped"));
    }
  }

  /**
   * The same application against older Java-WebSocket jars (copied to target/compat by the build).
   */
  @ParameterizedTest
  @ValueSource(strings = {"1.5.0", "1.5.7"})
  void olderJavaWebSocket(String version) throws Exception {
    Path jar =
        Path.of(
            System.getProperty("wsaudit.compat.dir", "target/compat"),
            "Java-WebSocket-" + version + ".jar");
    assumeTrue(Files.isRegularFile(jar), jar + " not available");
    String p = "/v" + version;
    try (ForkedServer old =
        ForkedServer.builder(IsolatedLauncher.class)
            .exportTo(collector)
            .arg(jar.toString())
            .arg(JavaWebSocketEchoApp.class.getName())
            .start()) {
      exchangeAndClose(old.port(), p + "/normal");
      ReceivedSpan hs = collector.awaitOne(Spans.handshake(p + "/normal"));
      assertUpgraded(hs, p + "/normal", old.port(), "1.5");
      assertClose(
          collector.awaitOne(Spans.close(p + "/normal")),
          hs,
          1000,
          "bye",
          Initiator.CLIENT,
          Cause.CLIENT);

      try (RawClient c =
          Exchanges.open(
              old.port(),
              TIMEOUT,
              "HTTP/1.1",
              p + "/app?close_after_ms=50&code=4002&reason=old-bye")) {
        assertThat(c.status()).isEqualTo(101);
        assertThat(c.readFrame().closeCode()).isEqualTo(4002);
      }
      ReceivedSpan appHs = collector.awaitOne(Spans.handshake(p + "/app"));
      assertClose(
          collector.awaitOne(Spans.close(p + "/app")),
          appHs,
          4002,
          "old-bye",
          Initiator.SERVER,
          Cause.APPLICATION);

      try (RawClient c = Exchanges.open(old.port(), TIMEOUT, "HTTP/1.0", p + "/http10")) {
        assertThat(c.statusLine).isEqualTo("HTTP/1.1 404 WebSocket Upgrade Failure");
        assertThat(c.serverClosesWithin(Duration.ofMillis(300))).isFalse();
      }
      assertRefusedHttp10(collector.awaitOne(Spans.handshake(p + "/http10")), p + "/http10");

      RawClient eof = Exchanges.open(old.port(), TIMEOUT, "HTTP/1.1", p + "/eof");
      assertThat(eof.status()).isEqualTo(101);
      eof.close();
      assertClose(
          collector.awaitOne(Spans.close(p + "/eof")),
          collector.awaitOne(Spans.handshake(p + "/eof")),
          1006,
          null,
          Initiator.TRANSPORT,
          Cause.EOF);
      assertThat(old.agentLines())
          .anyMatch(l -> l.contains("instrumented java-websocket"))
          .noneMatch(l -> l.contains("skipped") || l.contains("failed"));
    }
  }

  // --- helpers

  private static void exchangeAndClose(int port, String path) throws Exception {
    try (RawClient c = Exchanges.open(port, TIMEOUT, "HTTP/1.1", path)) {
      assertThat(c.status()).isEqualTo(101);
      c.sendText("ping");
      assertThat(c.readFrame().text()).isEqualTo("ping");
      c.sendClose(1000, "bye");
      assertThat(c.readFrame().closeCode()).isEqualTo(1000);
    }
  }

  private static void assertUpgraded(ReceivedSpan hs, String path, int serverPort, String version) {
    assertThat(hs.name()).isEqualTo(WsAuditSpans.HANDSHAKE_SPAN);
    assertThat(hs.attr(WsAuditSpans.HTTP_REQUEST_METHOD)).isEqualTo("GET");
    assertThat(hs.attr(WsAuditSpans.URL_PATH)).isEqualTo(path);
    assertThat(hs.attr(WsAuditSpans.NETWORK_PROTOCOL_VERSION)).isEqualTo("1.1");
    assertThat(hs.attr(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(101L);
    assertThat(hs.attr(WsAuditSpans.NETWORK_PEER_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat((Long) hs.attr(WsAuditSpans.NETWORK_PEER_PORT)).isPositive();
    assertThat(hs.attr(WsAuditSpans.NETWORK_LOCAL_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(hs.attr(WsAuditSpans.NETWORK_LOCAL_PORT)).isEqualTo((long) serverPort);
    assertThat(hs.attr(WsAuditSpans.SERVER_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(hs.attr(WsAuditSpans.CLIENT_ADDRESS)).isNotNull();
    assertThat(hs.attr(WsAuditSpans.HANDSHAKE_OUTCOME)).isEqualTo(Outcome.UPGRADED);
    assertThat(hs.attributes).doesNotContainKey(WsAuditSpans.HANDSHAKE_REJECTION);
    assertThat(hs.attr(WsAuditSpans.KEEP_ALIVE)).isEqualTo(true);
    assertThat(hs.attr(WsAuditSpans.SERVER)).isEqualTo("java-websocket-" + version);
    assertThat((String) hs.attr(WsAuditSpans.CONNECTION_ID)).isNotEmpty();
    assertThat(hs.span.getStatus().getCode()).isNotEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
  }

  /** Java-WebSocket's 404 to an HTTP/1.0 upgrade, in any of its versions. */
  private static void assertRefusedHttp10(ReceivedSpan hs, String path) {
    SpanAsserts.assertRejected(hs, 404L, Rejection.HTTP_VERSION)
        .containsEntry(WsAuditSpans.URL_PATH, path)
        .containsEntry(WsAuditSpans.NETWORK_PEER_ADDRESS, "127.0.0.1");
    assertThat(hs.attr(WsAuditSpans.SERVER)).asString().startsWith("java-websocket-1.");
  }
}
