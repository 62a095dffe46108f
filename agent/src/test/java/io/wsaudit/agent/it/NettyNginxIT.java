package io.wsaudit.agent.it;

import static io.wsaudit.contract.WsAuditSpans.CLOSE_CODE;
import static io.wsaudit.contract.WsAuditSpans.CLOSE_INITIATOR;
import static io.wsaudit.contract.WsAuditSpans.HANDSHAKE_OUTCOME;
import static io.wsaudit.contract.WsAuditSpans.HTTP_RESPONSE_STATUS_CODE;
import static io.wsaudit.contract.WsAuditSpans.KEEP_ALIVE;
import static io.wsaudit.contract.WsAuditSpans.NETWORK_PROTOCOL_VERSION;
import static io.wsaudit.contract.WsAuditSpans.REQUEST_HEADER_PREFIX;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Outcome;
import io.wsaudit.testkit.apps.netty.NettyEchoApp;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.otlp.Spans;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Netty behind a real nginx on 127.0.0.1 (observed.md scenarios A, B, D, G), with and without
 * {@code HttpServerKeepAliveHandler}: with nginx's default {@code proxy_http_version 1.0} Netty
 * upgrades the HTTP/1.0 request and keeps it; the spans say 1.0 and {@code keep_alive=true}.
 */
class NettyNginxIT extends AbstractBehindNginxIT {

  private static NginxProxy plainProxy;
  private static NginxProxy keepAliveProxy;

  @BeforeAll
  static void start() throws Exception {
    use(
        BehindNginx.start(
            ForkedServer.builder(NettyEchoApp.class),
            ForkedServer.builder(NettyEchoApp.class).arg("keepalive")));
    plainProxy = world.proxy(0);
    keepAliveProxy = world.proxy(1);
  }

  /**
   * A: HTTP/1.0 upstream; B: HTTP/1.1 upstream. Both work end to end, with and without the
   * keep-alive handler.
   */
  @Test
  void upgradesOverHttp10AndHttp11Upstreams() throws Exception {
    for (NginxProxy proxy : List.of(plainProxy, keepAliveProxy)) {
      for (int port : new int[] {proxy.http10Port(), proxy.http11Port()}) {
        String version = port == proxy.http10Port() ? "1.0" : "1.1";
        ReceivedSpan hs = echoAndStayOpen(port, "/ws/nginx");
        assertThat(hs.attributes)
            .as(version)
            .containsEntry(NETWORK_PROTOCOL_VERSION, version)
            .containsEntry(HTTP_RESPONSE_STATUS_CODE, 101L)
            .containsEntry(HANDSHAKE_OUTCOME, Outcome.UPGRADED)
            .containsEntry(KEEP_ALIVE, true)
            .containsKey(REQUEST_HEADER_PREFIX + "x-forwarded-for");
        assertThat(collector.awaitOne(Spans.closeOf(hs)).attributes)
            .containsEntry(CLOSE_INITIATOR, Initiator.CLIENT)
            .containsEntry(CLOSE_CODE, 1000L)
            .containsEntry(NETWORK_PROTOCOL_VERSION, version);
      }
    }
  }

  /** D: nginx's read timeout ends both legs with a FIN and no close frame: EOF to the backend. */
  @Test
  void proxyReadTimeoutLooksLikeEofToTheBackend() throws Exception {
    assertProxyReadTimeoutIsEof(plainProxy, "/ws/nginx");
  }

  /** G: the server closes with 4000 through nginx; the span has the code Netty put on the wire. */
  @Test
  void serverCloseThroughNginx() throws Exception {
    assertServerCloseIsTheServers4000(plainProxy, "/ws/nginx");
  }
}
