package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsaudit.agent.it.apps.JettyEchoApp;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Outcome;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jetty 12.1 (core WebSocket through the Jetty API on {@code /ws}, and an ee10 Jakarta endpoint on
 * {@code /app/jsr}) in a forked JVM with the agent attached. One server serves every scenario; each scenario tags
 * its request with its own {@code X-Request-ID} and finds its spans by it.
 */
class JettyAgentIT {

  private static final Duration IO = Duration.ofSeconds(10);
  private static final String SERVER = "jetty-12.1";

  private static OtlpCollector collector;
  private static ForkedServer server;

  @BeforeAll
  static void start() throws Exception {
    collector = new OtlpCollector();
    server = ForkedServer.builder(JettyEchoApp.class).exportTo(collector).start();
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

  @Test
  void normalUpgradeEchoAndClientClose() throws Exception {
    String rid = rid();
    try (RawClient client = RawClient.send(server.port(), RawClient.upgradeRequest("HTTP/1.1", "/ws?token=secret",
        "X-Request-ID: " + rid, "User-Agent: jetty-it", "X-Forwarded-For: 203.0.113.7, 10.0.0.1"), IO)) {
      assertThat(client.status()).isEqualTo(101);
      client.sendText("hello");
      RawClient.Frame echo = client.readFrame();
      assertThat(echo.opcode).isEqualTo(1);
      assertThat(echo.text()).isEqualTo("hello");
      client.sendClose(1000, "bye");
      assertThat(client.readFrame().opcode).isEqualTo(8);
    }
    ReceivedSpan hs = handshake(rid);
    assertThat(hs.span.getKind().getNumber()).isEqualTo(2); // SERVER
    assertThat(hs.scope).isEqualTo(WsAuditSpans.SCOPE_NAME);
    assertThat(hs.attributes)
        .containsEntry(WsAuditSpans.HTTP_REQUEST_METHOD, "GET")
        .containsEntry(WsAuditSpans.URL_PATH, "/ws")
        .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.1")
        .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 101L)
        .containsEntry(WsAuditSpans.NETWORK_PEER_ADDRESS, "127.0.0.1")
        .containsEntry(WsAuditSpans.NETWORK_LOCAL_ADDRESS, "127.0.0.1")
        .containsEntry(WsAuditSpans.NETWORK_LOCAL_PORT, (long) server.port())
        .containsEntry(WsAuditSpans.SERVER_ADDRESS, "127.0.0.1")
        .containsEntry(WsAuditSpans.CLIENT_ADDRESS, "203.0.113.7")
        .containsEntry(WsAuditSpans.USER_AGENT_ORIGINAL, "jetty-it")
        .containsEntry(WsAuditSpans.REQUEST_HEADER_PREFIX + "connection", List.of("Upgrade"))
        .containsEntry(WsAuditSpans.REQUEST_HEADER_PREFIX + "upgrade", List.of("websocket"))
        .containsEntry(WsAuditSpans.REQUEST_HEADER_PREFIX + "sec-websocket-version", List.of("13"))
        .containsEntry(WsAuditSpans.REQUEST_HEADER_PREFIX + "x-forwarded-for", List.of("203.0.113.7, 10.0.0.1"))
        .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.UPGRADED)
        .containsEntry(WsAuditSpans.KEEP_ALIVE, true)
        .containsEntry(WsAuditSpans.SERVER, SERVER)
        .containsKey(WsAuditSpans.NETWORK_PEER_PORT)
        .containsKey(WsAuditSpans.CONNECTION_ID)
        .doesNotContainKey(WsAuditSpans.HANDSHAKE_REJECTION)
        .doesNotContainKey(WsAuditSpans.REQUEST_HEADER_PREFIX + "sec-websocket-key");
    assertThat(hs.toString()).doesNotContain("secret");

    ReceivedSpan close = closeOf(hs);
    assertThat(close.traceId()).isEqualTo(hs.traceId());
    assertThat(close.parentSpanId()).isEqualTo(hs.spanId());
    assertThat(close.span.getKind().getNumber()).isEqualTo(1); // INTERNAL
    assertThat(close.attributes)
        .containsEntry(WsAuditSpans.CLOSE_CODE, 1000L)
        .containsEntry(WsAuditSpans.CLOSE_REASON, "bye")
        .containsEntry(WsAuditSpans.CLOSE_INITIATOR, Initiator.CLIENT)
        .containsEntry(WsAuditSpans.CLOSE_CAUSE, Cause.CLIENT)
        .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.1")
        .containsEntry(WsAuditSpans.URL_PATH, "/ws")
        .containsEntry(WsAuditSpans.NETWORK_PEER_ADDRESS, "127.0.0.1")
        .containsEntry(WsAuditSpans.SERVER_ADDRESS, "127.0.0.1")
        .containsEntry(WsAuditSpans.SERVER, SERVER)
        .containsKey(WsAuditSpans.CONNECTION_DURATION_MS)
        .containsKey(WsAuditSpans.CLOSE_EARLY);
  }

  @Test
  void http10UpgradeIsRefusedSilentlyAnd404() throws Exception {
    String rid = rid();
    try (RawClient client = RawClient.send(server.port(),
        RawClient.upgradeRequest("HTTP/1.0", "/ws", "X-Request-ID: " + rid), IO)) {
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

  private static String rid() {
    return UUID.randomUUID().toString();
  }

  static ReceivedSpan handshake(String rid) {
    return handshake(collector, rid);
  }

  static ReceivedSpan handshake(OtlpCollector collector, String rid) {
    return collector.awaitOne(s -> s.name().equals(WsAuditSpans.HANDSHAKE_SPAN)
        && List.of(rid).equals(s.attr(WsAuditSpans.REQUEST_HEADER_PREFIX + "x-request-id")));
  }

  static ReceivedSpan closeOf(ReceivedSpan handshake) {
    return closeOf(collector, handshake);
  }

  static ReceivedSpan closeOf(OtlpCollector collector, ReceivedSpan handshake) {
    Object id = handshake.attr(WsAuditSpans.CONNECTION_ID);
    return collector.awaitOne(s -> s.name().equals(WsAuditSpans.CLOSE_SPAN)
        && id.equals(s.attr(WsAuditSpans.CONNECTION_ID)));
  }

  /** A rejected handshake has no connection: no close span may follow (checked after a later span arrived). */
  private static void assertNoCloseSpan(ReceivedSpan handshake) {
    Object id = handshake.attr(WsAuditSpans.CONNECTION_ID);
    assertThat(collector.spans(s -> s.name().equals(WsAuditSpans.CLOSE_SPAN)
        && id.equals(s.attr(WsAuditSpans.CONNECTION_ID)))).isEmpty();
  }
}
