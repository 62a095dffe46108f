package io.wsaudit.agent.it;

import static io.wsaudit.agent.it.SpanAsserts.assertCloseSays;
import static io.wsaudit.contract.WsAuditSpans.CLOSE_CAUSE;
import static io.wsaudit.contract.WsAuditSpans.CLOSE_CODE;
import static io.wsaudit.contract.WsAuditSpans.CLOSE_EARLY;
import static io.wsaudit.contract.WsAuditSpans.CLOSE_INITIATOR;
import static io.wsaudit.contract.WsAuditSpans.CLOSE_REASON;
import static io.wsaudit.contract.WsAuditSpans.HANDSHAKE_OUTCOME;
import static io.wsaudit.contract.WsAuditSpans.HTTP_RESPONSE_STATUS_CODE;
import static io.wsaudit.contract.WsAuditSpans.KEEP_ALIVE;
import static io.wsaudit.contract.WsAuditSpans.NETWORK_PROTOCOL_VERSION;
import static io.wsaudit.contract.WsAuditSpans.REQUEST_HEADER_PREFIX;
import static io.wsaudit.contract.WsAuditSpans.URL_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Outcome;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import io.wsaudit.testkit.apps.undertow.UndertowEchoApp;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.otlp.Spans;
import io.wsaudit.testkit.ws.RawClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Undertow 2.3 with the agent attached, in a forked JVM, exporting over OTLP/HTTP to an in-test
 * collector.
 */
class UndertowAgentIT extends AbstractServerAgentIT {

  UndertowAgentIT() {
    super(UndertowEchoApp.class, "undertow-2.3", Set.of(Cause.EOF, Cause.IO_ERROR));
  }

  /**
   * Headers beyond the defaults: one harmless, one the agent must never capture whatever it is
   * told.
   */
  @Override
  ForkedServer.Builder configure(ForkedServer.Builder builder) {
    return builder.env("WSAUDIT_CAPTURE_HEADERS", "x-tenant, authorization");
  }

  /**
   * Undertow's own answer to an upgrade without Upgrade is a 500 (UT000133); a version it does not
   * speak falls through to the application's 404.
   */
  @Override
  List<Refusal> refusals() {
    return List.of(
        Refusal.of("no upgrade", "Upgrade:", "Connection: close")
            .path("/ws/no-upgrade")
            .answers(500, Rejection.MISSING_UPGRADE)
            .keepAlive(false),
        Refusal.of("bad version", "Sec-WebSocket-Version: 99")
            .path("/ws/bad-version")
            .answers(404, Rejection.BAD_VERSION));
  }

  @Test
  void configuredHeadersAreCapturedButNeverCredentials() throws Exception {
    String rid = rid();
    try (RawClient c =
        upgrade("/ws", rid, "X-Tenant: acme", "Authorization: Bearer secret-token")) {
      assertThat(c.status()).isEqualTo(101);
    }
    ReceivedSpan handshake = handshake(rid);
    assertThat(handshake.attributes)
        .containsEntry(REQUEST_HEADER_PREFIX + "x-tenant", List.of("acme"))
        .doesNotContainKey(REQUEST_HEADER_PREFIX + "authorization");
    assertThat(handshake.attributes.toString()).doesNotContain("secret");
  }

  @Test
  void startupLineNamesTheFamilyAndTheExporter() {
    // Printed once the SDK is built, off the main thread: maybe after READY.
    AgentOutput.awaitLineWith(
        server,
        "started: watching undertow 2.2-2.3",
        "otlp http/protobuf " + collector.httpEndpoint());
    assertThat(server.agentLines()).noneMatch(l -> l.contains("skipped"));
    // UT000133 is Undertow's own answer to the "no upgrade" refusal, whichever test ran first.
    assertThat(server.output()).noneMatch(l -> l.contains("Exception") && !l.contains("UT000133"));
  }

  @Test
  void handshakeJoinsTheCallersTraceContext() throws Exception {
    String traceId = java.util.UUID.randomUUID().toString().replace("-", "");
    String parent = traceId.substring(8, 24);
    WebSocket ws =
        jdkWebSocket(
            "/ws/traced",
            HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("traceparent", "00-" + traceId + "-" + parent + "-01"));
    ReceivedSpan handshake = collector.awaitOne(Spans.handshake("/ws/traced"));
    ws.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);

    assertThat(handshake.traceId()).isEqualTo(traceId);
    assertThat(handshake.parentSpanId()).isEqualTo(parent);
    assertThat(handshake.span.getKind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
    ReceivedSpan close = collector.awaitOne(Spans.closeOf(handshake));
    assertThat(close.traceId()).isEqualTo(traceId);
    assertThat(close.parentSpanId()).isEqualTo(handshake.spanId());
  }

  @Test
  void handshakeWithoutTraceContextStartsItsOwnTrace() throws Exception {
    WebSocket ws = jdkWebSocket("/ws/untraced", HttpClient.newHttpClient().newWebSocketBuilder());
    ReceivedSpan handshake = collector.awaitOne(Spans.handshake("/ws/untraced"));
    ws.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
    assertThat(handshake.span.getParentSpanId().isEmpty()).isTrue();
  }

  @Test
  void http10UpgradeIsAcceptedThenClosedByKeepAliveDecision() throws Exception {
    for (String connection : List.of("Upgrade", "keep-alive, Upgrade")) {
      String path = "/ws/http10-" + connection.length();
      try (RawClient c =
          Exchanges.open(server.port(), IO, "HTTP/1.0", path, "Connection: " + connection)) {
        // What nginx with its default proxy_http_version 1.0 gets from Undertow: 101, then FIN.
        assertThat(c.statusLine).startsWith("HTTP/1.0 101");
        assertThat(c.serverClosesWithin(Duration.ofSeconds(2))).isTrue();
      }
      ReceivedSpan handshake = collector.awaitOne(Spans.handshake(path));
      assertThat(handshake.attributes)
          .containsEntry(NETWORK_PROTOCOL_VERSION, "1.0")
          .containsEntry(HTTP_RESPONSE_STATUS_CODE, 101L)
          .containsEntry(HANDSHAKE_OUTCOME, Outcome.UPGRADED)
          .containsEntry(KEEP_ALIVE, false)
          .containsEntry(REQUEST_HEADER_PREFIX + "connection", List.of(connection));
      ReceivedSpan close = collector.awaitOne(Spans.closeOf(handshake));
      assertThat(close.attributes)
          .containsEntry(CLOSE_INITIATOR, Initiator.SERVER)
          .containsEntry(CLOSE_CAUSE, Cause.KEEP_ALIVE)
          .containsEntry(CLOSE_CODE, 1006L)
          .containsEntry(CLOSE_EARLY, true)
          .containsEntry(NETWORK_PROTOCOL_VERSION, "1.0");
    }
  }

  @Test
  void missingConnectionUpgradeIsAcceptedByUndertow() throws Exception {
    try (RawClient c =
        Exchanges.open(server.port(), IO, "HTTP/1.1", "/ws/no-connection", "Connection:")) {
      assertThat(c.status()).isEqualTo(101);
    }
    ReceivedSpan handshake = collector.awaitOne(Spans.handshake("/ws/no-connection"));
    assertThat(handshake.attributes)
        .containsEntry(HANDSHAKE_OUTCOME, Outcome.UPGRADED)
        .doesNotContainKey(REQUEST_HEADER_PREFIX + "connection");
  }

  /** Undertow's read timeout sends a 1001 close frame before dropping the connection. */
  @Test
  void idleTimeoutCloseIsTheServers() throws Exception {
    assertIdleTimeoutSends1001("/ws");
  }

  @Test
  void clientFinWithoutCloseFrameIsEof() throws Exception {
    assertPeerFinWithoutCloseFrameIsEof();
  }

  @Test
  void jsrEndpointNormalAndServerClose() throws Exception {
    int port;
    try (RawClient c = Exchanges.open(server.port(), IO, "HTTP/1.1", "/app/jsr")) {
      port = c.localPort();
      assertThat(c.status()).isEqualTo(101);
      c.sendText("jsr");
      assertThat(c.readFrame().text()).isEqualTo("jsr");
      c.sendClose(1001, "going");
      assertThat(c.readFrame().opcode).isEqualTo(8);
    }
    ReceivedSpan handshake = collector.awaitOne(Spans.handshakeFromPort(port));
    assertThat(handshake.attributes)
        .containsEntry(URL_PATH, "/app/jsr")
        .containsEntry(HANDSHAKE_OUTCOME, Outcome.UPGRADED);
    assertCloseSays(closeOf(handshake), 1001L, Initiator.CLIENT)
        .containsEntry(CLOSE_REASON, "going");

    try (RawClient c =
        Exchanges.open(
            server.port(), IO, "HTTP/1.1", "/app/jsr?close_after_ms=50&code=4002&reason=jsr-bye")) {
      port = c.localPort();
      assertThat(c.readFrame().closeCode()).isEqualTo(4002);
      c.sendClose(4002, "");
    }
    ReceivedSpan second = collector.awaitOne(Spans.handshakeFromPort(port));
    assertCloseSays(closeOf(second), 4002L, Initiator.SERVER)
        .containsEntry(CLOSE_REASON, "jsr-bye");
  }

  @Test
  void jsrEndpointOverHttp10IsClosedAfter101() throws Exception {
    int port;
    try (RawClient c = Exchanges.open(server.port(), IO, "HTTP/1.0", "/app/jsr")) {
      port = c.localPort();
      assertThat(c.status()).isEqualTo(101);
      assertThat(c.serverClosesWithin(Duration.ofSeconds(2))).isTrue();
    }
    ReceivedSpan handshake = collector.awaitOne(Spans.handshakeFromPort(port));
    assertThat(handshake.attributes).containsEntry(KEEP_ALIVE, false);
    assertThat(collector.awaitOne(Spans.closeOf(handshake)).attributes)
        .containsEntry(CLOSE_CAUSE, Cause.KEEP_ALIVE)
        .containsEntry(CLOSE_INITIATOR, Initiator.SERVER);
  }

  @Test
  void plainHttpRequestsProduceNoSpans() throws Exception {
    CompletableFuture<java.net.http.HttpResponse<String>> response =
        HttpClient.newHttpClient()
            .sendAsync(
                java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/ws/plain"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.get(5, TimeUnit.SECONDS).statusCode()).isNotEqualTo(101);
    // A later upgrade's span arrives; the plain GET before it must not have produced one.
    Exchanges.upgradeAndHangUp(server.port(), IO, "HTTP/1.1", "/ws/after-plain");
    collector.awaitOne(Spans.handshake("/ws/after-plain"));
    assertThat(collector.spans(Spans.handshake("/ws/plain"))).isEmpty();
  }

  /** The JDK's own WebSocket client, upgraded on {@code path}: a client as applications use it. */
  private static WebSocket jdkWebSocket(String path, WebSocket.Builder builder) throws Exception {
    return builder
        .buildAsync(
            URI.create("ws://127.0.0.1:" + server.port() + path), new WebSocket.Listener() {})
        .get(5, TimeUnit.SECONDS);
  }

  /**
   * {@code WebSocketChannel} was first loaded with the agent there, so its instances carry their
   * connection's record in a field of their own (no map entry per connection), and the close path
   * still finds it.
   */
  @Test
  void connectionsCarryTheirRecordInAFieldOfTheirOwn() throws Exception {
    assertCloseFindsTheRecordInItsField();
  }
}
