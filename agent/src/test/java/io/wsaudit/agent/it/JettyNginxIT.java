package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Outcome;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import io.wsaudit.testkit.apps.jetty.JettyEchoApp;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.ws.RawClient;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jetty behind a real nginx on 127.0.0.1 (skipped when nginx is not installed; {@code .ci/run}
 * installs it): the default {@code proxy_http_version 1.0} (Jetty refuses silently: 404), the fix
 * {@code 1.1}, a close that Jetty starts itself (nginx tears down both legs on it, so Jetty's API
 * reports 1006: the span must not), and nginx's {@code proxy_read_timeout} ending an idle
 * connection.
 */
class JettyNginxIT extends AbstractBehindNginxIT {

  private static NginxProxy nginx;

  @BeforeAll
  static void start() throws Exception {
    use(BehindNginx.start(ForkedServer.builder(JettyEchoApp.class)));
    nginx = world.proxy(0);
  }

  /**
   * Scenario A of observed.md: nginx's default HTTP/1.0 upstream; Jetty refuses without a word,
   * nginx says 404.
   */
  @Test
  void defaultProxyHttpVersionIsRefusedAsHttp10() throws Exception {
    String rid = rid();
    try (RawClient client = upgrade(nginx.http10Port(), "/ws", rid)) {
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
    ReceivedSpan hs = echoAndStayOpen(nginx.http11Port(), "/ws");
    SpanAsserts.assertUpgraded(hs, "1.1");
    SpanAsserts.assertCloseSays(SpanAsserts.closeOf(collector, hs), 1000L, Initiator.CLIENT);
  }

  /**
   * Scenario G: Jetty closes with 4000 and half-closes; nginx tears down both legs, so Jetty never
   * reads the reply and its API reports an error and 1006. On the wire Jetty sent 4000 first: the
   * span says so.
   */
  @Test
  void serverCloseThroughNginxIsTheServers4000() throws Exception {
    assertServerCloseIsTheServers4000(nginx, "/ws");
  }

  /**
   * Scenario D: nginx's {@code proxy_read_timeout} ends an idle connection with FINs and no close
   * frame.
   */
  @Test
  void proxyReadTimeoutIsEofFromThePeer() throws Exception {
    assertProxyReadTimeoutIsEof(nginx, "/ws");
  }
}
