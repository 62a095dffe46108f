package io.wsaudit.agent.it;

import static io.wsaudit.agent.it.SpanAsserts.assertCloseSays;
import static io.wsaudit.agent.it.SpanAsserts.assertUpgraded;
import static io.wsaudit.agent.it.SpanAsserts.closeOf;
import static io.wsaudit.contract.WsAuditSpans.CLOSE_EARLY;
import static io.wsaudit.contract.WsAuditSpans.CLOSE_INITIATOR;
import static io.wsaudit.contract.WsAuditSpans.HANDSHAKE_OUTCOME;
import static io.wsaudit.contract.WsAuditSpans.KEEP_ALIVE;
import static io.wsaudit.contract.WsAuditSpans.NETWORK_PROTOCOL_VERSION;
import static io.wsaudit.contract.WsAuditSpans.REQUEST_HEADER_PREFIX;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Outcome;
import io.wsaudit.testkit.apps.tomcat.TomcatEchoApp;
import io.wsaudit.testkit.apps.undertow.UndertowEchoApp;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.otlp.Spans;
import io.wsaudit.testkit.ws.RawClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Undertow and Tomcat behind a real nginx on 127.0.0.1: with nginx's default {@code
 * proxy_http_version 1.0} Undertow answers 101 and drops the connection, Tomcat upgrades over
 * HTTP/1.0; with {@code 1.1} both upgrade over HTTP/1.1 and keep the connection. The spans say
 * which, and why.
 */
class NginxIT extends AbstractBehindNginxIT {

  private static NginxProxy undertowProxy;
  private static NginxProxy tomcatProxy;

  @BeforeAll
  static void start() throws Exception {
    use(
        BehindNginx.start(
            ForkedServer.builder(UndertowEchoApp.class),
            ForkedServer.builder(TomcatEchoApp.class)));
    undertowProxy = world.proxy(0);
    tomcatProxy = world.proxy(1);
  }

  @Test
  void undertowBehindHttp10UpstreamIsClosedRightAfterThe101() throws Exception {
    String rid = rid();
    try (RawClient c = upgrade(undertowProxy.http10Port(), "/ws", rid)) {
      assertThat(c.status()).isEqualTo(101);
      assertThat(c.serverClosesWithin(Duration.ofSeconds(3))).isTrue();
    }
    ReceivedSpan hs = collector.awaitOne(Spans.handshakeWithRequestId(rid));
    assertUpgraded(hs, "1.0")
        .containsEntry(KEEP_ALIVE, false)
        .containsKey(REQUEST_HEADER_PREFIX + "x-forwarded-for");
    assertCloseSays(closeOf(collector, hs), 1006L, Initiator.SERVER, Cause.KEEP_ALIVE)
        .containsEntry(CLOSE_EARLY, true);
  }

  @Test
  void tomcatBehindHttp10UpstreamUpgradesOverHttp10() throws Exception {
    String rid = rid();
    try (RawClient c = upgrade(tomcatProxy.http10Port(), "/ws", rid)) {
      Exchanges.echoThenClose(c, "via nginx", 1000, "");
    }
    ReceivedSpan hs = collector.awaitOne(Spans.handshakeWithRequestId(rid));
    assertThat(hs.attributes)
        .containsEntry(NETWORK_PROTOCOL_VERSION, "1.0")
        .containsEntry(HANDSHAKE_OUTCOME, Outcome.UPGRADED)
        .containsEntry(KEEP_ALIVE, true);
    assertThat(collector.awaitOne(Spans.closeOf(hs)).attributes)
        .containsEntry(CLOSE_INITIATOR, Initiator.CLIENT)
        .containsEntry(NETWORK_PROTOCOL_VERSION, "1.0");
  }

  @Test
  void withProxyHttpVersion11BothUpgradeAndStayOpen() throws Exception {
    for (NginxProxy proxy : List.of(undertowProxy, tomcatProxy)) {
      ReceivedSpan hs = echoAndStayOpen(proxy.http11Port(), "/ws");
      assertThat(hs.attributes)
          .containsEntry(NETWORK_PROTOCOL_VERSION, "1.1")
          .containsEntry(KEEP_ALIVE, true)
          .containsEntry(REQUEST_HEADER_PREFIX + "connection", List.of("upgrade"));
      assertCloseSays(closeOf(collector, hs), 1000L, Initiator.CLIENT)
          .containsEntry(CLOSE_EARLY, false);
    }
  }

  @Test
  void proxyReadTimeoutLooksLikeEofToTheBackend() throws Exception {
    assertProxyReadTimeoutIsEof(undertowProxy, "/ws");
  }
}
