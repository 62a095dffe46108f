package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.agent.it.apps.NettyEchoApp;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Outcome;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Netty 4.2 with the agent attached: {@code WebSocketServerProtocolHandler} on {@code /ws}, a hand-written
 * handshaker handler on {@code /raw} (see {@link NettyEchoApp}). Each test uses its own path, so spans of other
 * tests never match.
 */
class NettyAgentIT {

  static final Duration T = Duration.ofSeconds(5);

  static OtlpCollector collector;
  static ForkedServer server;

  @BeforeAll
  static void start() throws IOException {
    collector = new OtlpCollector();
    server = ForkedServer.builder(NettyEchoApp.class).exportTo(collector).start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (collector != null) {
      collector.close();
    }
  }

  static ReceivedSpan handshake(OtlpCollector c, String path) {
    return c.awaitOne(s -> s.name().equals(WsAuditSpans.HANDSHAKE_SPAN) && path.equals(s.attr(WsAuditSpans.URL_PATH)));
  }

  static ReceivedSpan closeOf(OtlpCollector c, ReceivedSpan handshake) {
    Object id = handshake.attr(WsAuditSpans.CONNECTION_ID);
    return c.awaitOne(s -> s.name().equals(WsAuditSpans.CLOSE_SPAN) && id.equals(s.attr(WsAuditSpans.CONNECTION_ID)));
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

  static void assertClose(ReceivedSpan close, ReceivedSpan h, long code, String reason, String initiator,
      String cause) {
    assertThat(close.span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
    assertThat(close.traceId()).isEqualTo(h.traceId());
    assertThat(close.parentSpanId()).isEqualTo(h.spanId());
    assertThat(close.attributes)
        .containsEntry(WsAuditSpans.CLOSE_CODE, code)
        .containsEntry(WsAuditSpans.CLOSE_INITIATOR, initiator)
        .containsEntry(WsAuditSpans.CLOSE_CAUSE, cause)
        .containsEntry(WsAuditSpans.URL_PATH, h.attr(WsAuditSpans.URL_PATH))
        .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, h.attr(WsAuditSpans.NETWORK_PROTOCOL_VERSION))
        .containsEntry(WsAuditSpans.NETWORK_PEER_ADDRESS, "127.0.0.1")
        .containsEntry(WsAuditSpans.SERVER_ADDRESS, "127.0.0.1")
        .containsEntry(WsAuditSpans.SERVER, h.attr(WsAuditSpans.SERVER))
        .containsKey(WsAuditSpans.CONNECTION_DURATION_MS)
        .containsKey(WsAuditSpans.CLOSE_EARLY);
    if (reason == null) {
      assertThat(close.attributes).doesNotContainKey(WsAuditSpans.CLOSE_REASON);
    } else {
      assertThat(close.attributes).containsEntry(WsAuditSpans.CLOSE_REASON, reason);
    }
  }

  /** Upgrade, echo, client close 1000: the server echoes the close and ends TCP. */
  static void echoAndClientClose(RawClient ws) throws IOException {
    assertThat(ws.status()).isEqualTo(101);
    ws.sendText("hello");
    RawClient.Frame echo = ws.readFrame();
    assertThat(echo.opcode).isEqualTo(0x1);
    assertThat(echo.text()).isEqualTo("hello");
    ws.sendClose(1000, "bye");
    RawClient.Frame close = ws.readFrame();
    assertThat(close.opcode).isEqualTo(0x8);
    assertThat(close.closeCode()).isEqualTo(1000);
    assertThat(ws.serverClosesWithin(T)).isTrue();
  }

  @Test
  void normalUpgradeEchoAndClientClose() throws IOException {
    for (String path : List.of("/ws/normal", "/raw/normal")) {
      try (RawClient ws = RawClient.send(server.port(), RawClient.upgradeRequest("HTTP/1.1", path + "?token=s3cret",
          "User-Agent: wsaudit-test", "X-Forwarded-For: 203.0.113.7, 10.0.0.1", "X-Request-ID: r-1"), T)) {
        assertThat(ws.statusLine).startsWith("HTTP/1.1 101");
        echoAndClientClose(ws);
      }
      ReceivedSpan h = handshake(collector, path);
      assertUpgraded(h, path, "1.1", server.port());
      assertThat(h.attributes)
          .containsEntry(WsAuditSpans.USER_AGENT_ORIGINAL, "wsaudit-test")
          .containsEntry(WsAuditSpans.REQUEST_HEADER_PREFIX + "x-forwarded-for", List.of("203.0.113.7, 10.0.0.1"))
          .containsEntry(WsAuditSpans.REQUEST_HEADER_PREFIX + "x-request-id", List.of("r-1"))
          .containsEntry(WsAuditSpans.REQUEST_HEADER_PREFIX + "connection", List.of("Upgrade"))
          .containsEntry(WsAuditSpans.CLIENT_ADDRESS, "203.0.113.7");
      assertThat(h.span.getStatus().getCode()).isNotEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
      ReceivedSpan close = closeOf(collector, h);
      assertClose(close, h, 1000, "bye", Initiator.CLIENT, Cause.CLIENT);
      assertThat(close.attributes).containsEntry(WsAuditSpans.CLOSE_EARLY, true);
    }
    assertThat(server.agentLines()).anyMatch(l -> l.contains("instrumented netty"))
        .noneMatch(l -> l.contains("skipped"));
  }
}
