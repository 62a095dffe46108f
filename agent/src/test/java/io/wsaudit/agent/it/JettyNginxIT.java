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
import io.wsaudit.testkit.ws.RawClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jetty behind a real nginx on 127.0.0.1 (skipped when nginx is not installed; {@code .ci/run}
 * installs it): the default {@code proxy_http_version 1.0} (Jetty refuses silently: 404), the fix
 * {@code 1.1}, a close that Jetty starts itself (nginx tears down both legs on it, so Jetty's API
 * reports 1006: the span must not), and nginx's {@code proxy_read_timeout} ending an idle
 * connection.
 */
class JettyNginxIT {

  private static final Duration IO = Duration.ofSeconds(10);

  private static BehindNginx world;
  private static OtlpCollector collector;
  private static NginxProxy nginx;

  @BeforeAll
  static void start() throws Exception {
    world = BehindNginx.start(ForkedServer.builder(JettyEchoApp.class));
    collector = world.collector;
    nginx = world.proxy(0);
  }

  @AfterAll
  static void stop() {
    if (world != null) {
      world.close();
    }
  }

  /**
   * Scenario A of observed.md: nginx's default HTTP/1.0 upstream; Jetty refuses without a word,
   * nginx says 404.
   */
  @Test
  void defaultProxyHttpVersionIsRefusedAsHttp10() throws Exception {
    String rid = UUID.randomUUID().toString();
    try (RawClient client = RawClient.upgrade(nginx.http10Port(), "HTTP/1.1", "/ws", rid, IO)) {
      assertThat(client.status()).isEqualTo(404);
    }
    ReceivedSpan hs = SpanAsserts.handshakeWithRid(collector, rid);
    assertThat(hs.attributes)
        .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.0")
        .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 404L)
        .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.REJECTED)
        .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, Rejection.HTTP_VERSION)
        .containsEntry(WsAuditSpans.KEEP_ALIVE, false)
        .containsEntry(WsAuditSpans.NETWORK_PEER_ADDRESS, "127.0.0.1")
        .containsEntry(WsAuditSpans.CLIENT_ADDRESS, "127.0.0.1")
        .containsKey(WsAuditSpans.REQUEST_HEADER_PREFIX + "x-forwarded-for");
    // nginx sends "upgrade"; Jetty's parser hands out its cached "Connection: Upgrade" field
    // (case-insensitive).
    assertThat((List<?>) hs.attr(WsAuditSpans.REQUEST_HEADER_PREFIX + "connection"))
        .singleElement()
        .asString()
        .isEqualToIgnoringCase("upgrade");
  }

  /** Scenario B: {@code proxy_http_version 1.1} upgrades; the peer on the span is nginx. */
  @Test
  void proxyHttpVersion11Upgrades() throws Exception {
    String rid = UUID.randomUUID().toString();
    try (RawClient client = RawClient.upgrade(nginx.http11Port(), "HTTP/1.1", "/ws", rid, IO)) {
      assertThat(client.status()).isEqualTo(101);
      client.sendText("via nginx");
      assertThat(client.readFrame().text()).isEqualTo("via nginx");
      client.sendClose(1000, "bye");
      assertThat(client.readFrame().opcode).isEqualTo(8);
    }
    ReceivedSpan hs = SpanAsserts.handshakeWithRid(collector, rid);
    assertThat(hs.attributes)
        .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.1")
        .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.UPGRADED)
        .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 101L);
    assertThat(SpanAsserts.closeOf(collector, hs).attributes)
        .containsEntry(WsAuditSpans.CLOSE_CODE, 1000L)
        .containsEntry(WsAuditSpans.CLOSE_INITIATOR, Initiator.CLIENT);
  }

  /**
   * Scenario G: Jetty closes with 4000 and half-closes; nginx tears down both legs, so Jetty never
   * reads the reply and its API reports an error and 1006. On the wire Jetty sent 4000 first: the
   * span says so.
   */
  @Test
  void serverCloseThroughNginxIsTheServers4000() throws Exception {
    String rid = UUID.randomUUID().toString();
    try (RawClient client =
        RawClient.upgrade(
            nginx.http11Port(),
            "HTTP/1.1",
            "/ws?close_after_ms=300&code=4000&reason=server-bye",
            rid,
            IO)) {
      assertThat(client.status()).isEqualTo(101);
      RawClient.Frame close = client.readFrame();
      assertThat(close.closeCode()).isEqualTo(4000);
      try {
        client.sendClose(4000, "");
      } catch (IOException alreadyGone) {
        // nginx may have closed the client leg already
      }
    }
    ReceivedSpan close =
        SpanAsserts.closeOf(collector, SpanAsserts.handshakeWithRid(collector, rid));
    assertThat(close.attributes)
        .containsEntry(WsAuditSpans.CLOSE_CODE, 4000L)
        .containsEntry(WsAuditSpans.CLOSE_REASON, "server-bye")
        .containsEntry(WsAuditSpans.CLOSE_INITIATOR, Initiator.SERVER)
        .containsEntry(WsAuditSpans.CLOSE_CAUSE, Cause.APPLICATION);
  }

  /**
   * Scenario D: nginx's {@code proxy_read_timeout} ends an idle connection with FINs and no close
   * frame.
   */
  @Test
  void proxyReadTimeoutIsEofFromThePeer() throws Exception {
    String rid = UUID.randomUUID().toString();
    try (RawClient client =
        RawClient.upgrade(nginx.shortTimeoutPort(), "HTTP/1.1", "/ws", rid, IO)) {
      assertThat(client.status()).isEqualTo(101);
      assertThat(client.serverClosesWithin(IO)).isTrue();
    }
    ReceivedSpan close =
        SpanAsserts.closeOf(collector, SpanAsserts.handshakeWithRid(collector, rid));
    SpanAsserts.assertCloseSays(close, 1006L, Initiator.TRANSPORT, Cause.EOF);
  }
}
