package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsaudit.agent.it.apps.TomcatEchoApp;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Outcome;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Embedded Tomcat 11 ({@link TomcatEchoApp}) in a forked JVM with the built agent, exporting OTLP/HTTP to an
 * in-test collector. One server serves every scenario; each scenario's spans are found by its own
 * {@code User-Agent}, and its close span by the handshake's connection id.
 */
class TomcatAgentIT {

  private static final Duration IO = Duration.ofSeconds(10);

  private static OtlpCollector collector;
  private static ForkedServer server;

  @BeforeAll
  static void start() throws IOException {
    collector = new OtlpCollector();
    server = ForkedServer.builder(TomcatEchoApp.class).exportTo(collector).start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
      try {
        Files.write(Path.of("target", "TomcatAgentIT-server.log"), server.output());
      } catch (IOException ignored) {
        // diagnostics only
      }
    }
    if (collector != null) {
      collector.close();
    }
  }

  @Test
  void normalUpgradeEchoAndClientClose() throws IOException {
    try (RawClient ws = RawClient.send(server.port(), RawClient.upgradeRequest("HTTP/1.1", "/ws?token=secret",
        "User-Agent: it-normal", "X-Forwarded-For: 203.0.113.7, 10.0.0.1", "X-Request-ID: req-1",
        "Cookie: session=secret", "Authorization: Bearer secret"), IO)) {
      assertThat(ws.status()).isEqualTo(101);
      ws.sendText("hello");
      assertThat(ws.readFrame().text()).isEqualTo("hello");
      ws.sendClose(1000, "bye");
      RawClient.Frame echo = ws.readFrame();
      assertThat(echo.opcode).isEqualTo(8);
      assertThat(echo.closeCode()).isEqualTo(1000);
    }
    ReceivedSpan hs = handshake("it-normal");
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
        .containsEntry(WsAuditSpans.USER_AGENT_ORIGINAL, "it-normal")
        .containsEntry(header("connection"), List.of("Upgrade"))
        .containsEntry(header("upgrade"), List.of("websocket"))
        .containsEntry(header("sec-websocket-version"), List.of("13"))
        .containsEntry(header("x-forwarded-for"), List.of("203.0.113.7, 10.0.0.1"))
        .containsEntry(header("x-request-id"), List.of("req-1"))
        .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.UPGRADED)
        .containsEntry(WsAuditSpans.KEEP_ALIVE, true)
        .containsEntry(WsAuditSpans.SERVER, "tomcat-11.0")
        .containsKey(WsAuditSpans.NETWORK_PEER_PORT)
        .doesNotContainKey(WsAuditSpans.HANDSHAKE_REJECTION)
        .doesNotContainKeys(header("cookie"), header("authorization"), header("sec-websocket-key"));
    assertThat(hs.attributes.values()).noneMatch(v -> String.valueOf(v).contains("secret"));
    assertThat(hs.span.getKind().name()).isEqualTo("SPAN_KIND_SERVER");

    ReceivedSpan close = closeOf(hs);
    assertThat(close.traceId()).isEqualTo(hs.traceId());
    assertThat(close.parentSpanId()).isEqualTo(hs.spanId());
    assertThat(close.attributes)
        .containsEntry(WsAuditSpans.CLOSE_CODE, 1000L)
        .containsEntry(WsAuditSpans.CLOSE_REASON, "bye")
        .containsEntry(WsAuditSpans.CLOSE_INITIATOR, Initiator.CLIENT)
        .containsEntry(WsAuditSpans.CLOSE_CAUSE, Cause.CLIENT)
        .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.1")
        .containsEntry(WsAuditSpans.URL_PATH, "/ws")
        .containsEntry(WsAuditSpans.NETWORK_PEER_ADDRESS, "127.0.0.1")
        .containsEntry(WsAuditSpans.SERVER_ADDRESS, "127.0.0.1")
        .containsEntry(WsAuditSpans.SERVER, "tomcat-11.0")
        .containsKey(WsAuditSpans.CONNECTION_DURATION_MS);
    assertEarlyMatchesDuration(close);
  }

  /** The first connection of a fresh JVM may take over a second (class loading), so only consistency is asserted. */
  private static void assertEarlyMatchesDuration(ReceivedSpan close) {
    long duration = (Long) close.attr(WsAuditSpans.CONNECTION_DURATION_MS);
    assertThat(duration).isGreaterThanOrEqualTo(0);
    assertThat(close.attr(WsAuditSpans.CLOSE_EARLY)).isEqualTo(duration < 1000);
  }

  private static String header(String name) {
    return WsAuditSpans.REQUEST_HEADER_PREFIX + name;
  }

  private static ReceivedSpan handshake(String userAgent) {
    return collector.awaitOne(s -> s.name().equals(WsAuditSpans.HANDSHAKE_SPAN)
        && userAgent.equals(s.attr(WsAuditSpans.USER_AGENT_ORIGINAL)));
  }

  private static ReceivedSpan closeOf(ReceivedSpan handshake) {
    Object id = handshake.attr(WsAuditSpans.CONNECTION_ID);
    assertThat(id).isNotNull();
    return collector.awaitOne(s -> s.name().equals(WsAuditSpans.CLOSE_SPAN)
        && id.equals(s.attr(WsAuditSpans.CONNECTION_ID)));
  }
}
