package io.wsaudit.agent.it;

import static io.wsaudit.agent.it.SpanAsserts.assertClose;
import static io.wsaudit.agent.it.SpanAsserts.assertCloseSays;
import static io.wsaudit.agent.it.SpanAsserts.assertNoCloseSpan;
import static io.wsaudit.agent.it.SpanAsserts.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Outcome;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.ws.RawClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scenarios every server family shares (the OpenTelemetry instrumentation style: one abstract
 * test, a subclass per family). One forked echo app with the agent serves a class's scenarios,
 * exporting to an in-test collector; a connection's spans are found by its own {@code
 * X-Request-ID}. A subclass names its app and what its server does differently, and adds the
 * scenarios particular to it; scenarios that only some families run are bodies here ({@code
 * assert...}) that those families call from a test of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractServerAgentIT {

  static final Duration IO = Duration.ofSeconds(10);

  // Static so that the families' static helpers (and the ITs importing them) reach them; JUnit
  // runs these classes one at a time.
  static OtlpCollector collector;
  static ForkedServer server;

  private final Class<?> app;
  private final String serverName;
  private final Set<String> resetCauses;

  /**
   * A family: its echo app, the {@code websocket.server} value the agent reports for it, and what
   * the agent may call a reset (RST) connection's close (servers see it differently).
   */
  AbstractServerAgentIT(Class<?> app, String serverName, Set<String> resetCauses) {
    this.app = app;
    this.serverName = serverName;
    this.resetCauses = resetCauses;
  }

  final Class<?> app() {
    return app;
  }

  final String serverName() {
    return serverName;
  }

  /**
   * The paths the app echoes on (more than one where the family has more than one upgrade path).
   */
  List<String> echoPaths() {
    return List.of("/ws");
  }

  /** The family's own settings for its server (environment, JVM arguments). */
  ForkedServer.Builder configure(ForkedServer.Builder builder) {
    return builder;
  }

  /** The handshakes the family's server refuses, with its answers: the rows of one table. */
  abstract List<Refusal> refusals();

  /** Runs after the server stopped, with its whole output. */
  void afterServerStopped() {}

  @BeforeAll
  final void startServer() throws IOException {
    collector = new OtlpCollector();
    server = configure(ForkedServer.builder(app()).exportTo(collector)).start();
  }

  @AfterAll
  final void stopServer() {
    if (server != null) {
      server.close();
      afterServerStopped();
    }
    if (collector != null) {
      collector.close();
    }
  }

  @Test
  void normalUpgradeEchoAndClientClose() throws IOException {
    for (String path : echoPaths()) {
      String rid = rid();
      try (RawClient ws =
          upgrade(
              path + "?token=secret",
              rid,
              "User-Agent: wsaudit-it",
              "X-Forwarded-For: 203.0.113.7, 10.0.0.1",
              "X-Forwarded-Host: example.org",
              "Authorization: Bearer secret",
              "Cookie: session=secret")) {
        Exchanges.echoThenClose(ws, "hello", 1000, "bye");
        assertThat(ws.serverClosesWithin(IO)).isTrue();
      }
      ReceivedSpan hs = handshake(rid);
      assertThat(hs.scope).isEqualTo(WsAuditSpans.SCOPE_NAME);
      assertThat(hs.resource).containsEntry("service.name", app().getSimpleName());
      assertThat(hs.span.getKind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
      assertThat(hs.span.getStatus().getCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
      assertThat(hs.attributes)
          .containsEntry(WsAuditSpans.HTTP_REQUEST_METHOD, "GET")
          .containsEntry(WsAuditSpans.URL_PATH, path)
          .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.1")
          .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 101L)
          .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.UPGRADED)
          .containsEntry(WsAuditSpans.KEEP_ALIVE, true)
          .containsEntry(WsAuditSpans.SERVER, serverName())
          .containsEntry(WsAuditSpans.NETWORK_PEER_ADDRESS, "127.0.0.1")
          .containsEntry(WsAuditSpans.NETWORK_LOCAL_ADDRESS, "127.0.0.1")
          .containsEntry(WsAuditSpans.NETWORK_LOCAL_PORT, (long) server.port())
          .containsEntry(WsAuditSpans.SERVER_ADDRESS, "127.0.0.1")
          .containsEntry(WsAuditSpans.CLIENT_ADDRESS, "203.0.113.7")
          .containsEntry(WsAuditSpans.USER_AGENT_ORIGINAL, "wsaudit-it")
          .containsEntry(header("connection"), List.of("Upgrade"))
          .containsEntry(header("upgrade"), List.of("websocket"))
          .containsEntry(header("sec-websocket-version"), List.of("13"))
          .containsEntry(header("x-forwarded-for"), List.of("203.0.113.7, 10.0.0.1"))
          .containsEntry(header("x-forwarded-host"), List.of("example.org"))
          .containsKeys(WsAuditSpans.NETWORK_PEER_PORT, WsAuditSpans.CONNECTION_ID)
          .doesNotContainKey(WsAuditSpans.HANDSHAKE_REJECTION)
          .doesNotContainKeys(
              header("cookie"), header("authorization"), header("sec-websocket-key"));
      assertThat(hs.attributes.values()).noneMatch(v -> String.valueOf(v).contains("secret"));

      ReceivedSpan close = closeOf(hs);
      assertClose(close, hs, 1000, "bye", Initiator.CLIENT, Cause.CLIENT);
      // The peer's clean goodbye: never early, never ERROR, however short (docs/spans.md).
      assertThat(close.attributes).containsEntry(WsAuditSpans.CLOSE_EARLY, false);
      assertThat(close.span.getStatus().getCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
    }
    assertThat(server.agentLines()).noneMatch(l -> l.contains("skipped"));
  }

  @Test
  void serverApplicationCloseWithCodeAndReason() throws IOException {
    for (String path : echoPaths()) {
      String rid = rid();
      try (RawClient ws = upgrade(path + "?close_after_ms=200&code=4001&reason=server-bye", rid)) {
        assertThat(ws.status()).isEqualTo(101);
        Exchanges.answerServerClose(ws, 4001, IO);
      }
      ReceivedSpan hs = handshake(rid);
      ReceivedSpan close = closeOf(hs);
      assertClose(close, hs, 4001, "server-bye", Initiator.SERVER, Cause.APPLICATION);
      assertThat(close.attributes).containsEntry(WsAuditSpans.CLOSE_EARLY, true);
      assertThat((Long) close.attr(WsAuditSpans.CONNECTION_DURATION_MS)).isBetween(150L, 999L);
      assertThat(close.span.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
    }
  }

  @Test
  void abruptClientDisconnectIs1006() throws IOException {
    for (String path : echoPaths()) {
      String rid = rid();
      RawClient ws = upgrade(path, rid);
      assertThat(ws.status()).isEqualTo(101);
      ws.sendText("ping");
      assertThat(ws.readFrame().text()).isEqualTo("ping");
      ws.abort(); // RST, no close frame
      ReceivedSpan hs = handshake(rid);
      ReceivedSpan close = closeOf(hs);
      assertClose(close, hs, 1006, null, Initiator.TRANSPORT, null);
      assertThat(close.attr(WsAuditSpans.CLOSE_CAUSE)).isIn(resetCauses);
      assertThat(close.span.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusedHandshakeIsClassified(Refusal refusal) throws IOException {
    String rid = rid();
    try (RawClient answer = RawClient.send(server.port(), refusal.request(rid), IO)) {
      refusal.assertAnswer(answer, IO);
    }
    ReceivedSpan hs = handshake(rid);
    refusal.assertSpan(hs, serverName());
    assertNoCloseSpan(collector, hs);
  }

  /** FIN without a close frame (what a proxy's timeout looks like from the backend): eof. */
  void assertPeerFinWithoutCloseFrameIsEof() throws IOException {
    for (String path : echoPaths()) {
      String rid = rid();
      try (RawClient ws = upgrade(path, rid)) {
        assertThat(ws.status()).isEqualTo(101);
        ws.sendText("x");
        assertThat(ws.readFrame().text()).isEqualTo("x");
      }
      ReceivedSpan hs = handshake(rid);
      assertClose(closeOf(hs), hs, 1006, null, Initiator.TRANSPORT, Cause.EOF);
    }
  }

  /**
   * {@code idle_ms}: the server's own idle timeout sends 1001; returns the close span for what a
   * family adds (its reason).
   */
  ReceivedSpan assertIdleTimeoutSends1001(String path) throws IOException {
    String rid = rid();
    try (RawClient ws = upgrade(path + "?idle_ms=300", rid)) {
      assertThat(ws.status()).isEqualTo(101);
      Exchanges.answerServerClose(ws, 1001, IO);
    }
    ReceivedSpan close = closeOf(handshake(rid));
    assertCloseSays(close, 1001L, Initiator.SERVER, Cause.IDLE_TIMEOUT);
    assertThat((Long) close.attr(WsAuditSpans.CONNECTION_DURATION_MS)).isGreaterThanOrEqualTo(300L);
    return close;
  }

  /**
   * The connection's record travels in a field the agent added to the server's connection class (no
   * map entry per connection), and the close path still finds it.
   */
  void assertCloseFindsTheRecordInItsField() throws IOException {
    String rid = rid();
    try (RawClient ws = upgrade("/ws", rid)) {
      Exchanges.echoThenClose(ws, "hello", 1000, "bye");
      assertThat(ws.serverClosesWithin(IO)).isTrue();
    }
    assertCloseSays(closeOf(handshake(rid)), 1000L, Initiator.CLIENT, Cause.CLIENT);
    // Quiet at info when the field was added (ConnectionSlotFieldTest checks the field itself);
    // the fallback to the map says one line.
    assertThat(server.agentLines()).noneMatch(l -> l.contains("connection records kept in a map"));
  }

  /** An HTTP/1.1 upgrade of {@code pathAndQuery} carrying {@code X-Request-ID: rid}. */
  static RawClient upgrade(String pathAndQuery, String rid, String... headers) throws IOException {
    return RawClient.upgrade(server.port(), "HTTP/1.1", pathAndQuery, rid, IO, headers);
  }

  static String rid() {
    return UUID.randomUUID().toString();
  }

  /** The handshake span of the connection that sent {@code X-Request-ID: rid}. */
  static ReceivedSpan handshake(String rid) {
    return SpanAsserts.handshakeWithRid(collector, rid);
  }

  static ReceivedSpan closeOf(ReceivedSpan handshake) {
    return SpanAsserts.closeOf(collector, handshake);
  }
}
