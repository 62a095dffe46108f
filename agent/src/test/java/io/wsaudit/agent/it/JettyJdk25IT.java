package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import io.wsaudit.testkit.apps.jetty.JettyEchoApp;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.ws.RawClient;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Jetty family on JDK 25: a normal upgrade with a client close, and the silent HTTP/1.0
 * refusal.
 */
class JettyJdk25IT {

  private static final Duration IO = Duration.ofSeconds(10);

  @Test
  void upgradeAndHttp10RefusalOnJdk25() throws Exception {
    String home = ForkedServer.jdk25Home();
    try (OtlpCollector collector = new OtlpCollector();
        ForkedServer server =
            ForkedServer.builder(JettyEchoApp.class).javaHome(home).exportTo(collector).start()) {
      assertThat(server.agentLines()).anyMatch(l -> l.contains("instrumented jetty"));
      assertThat(server.agentLines()).noneMatch(l -> l.contains("skipped"));

      String upgraded = UUID.randomUUID().toString();
      try (RawClient client = RawClient.upgrade(server.port(), "HTTP/1.1", "/ws", upgraded, IO)) {
        Exchanges.echoThenClose(client, "on 25", 1000, "bye");
      }
      ReceivedSpan hs = SpanAsserts.handshakeWithRid(collector, upgraded);
      SpanAsserts.assertUpgraded(hs, "1.1").containsEntry(WsAuditSpans.SERVER, "jetty-12.1");
      SpanAsserts.assertCloseSays(
          SpanAsserts.closeOf(collector, hs), 1000L, Initiator.CLIENT, Cause.CLIENT);

      String refused = UUID.randomUUID().toString();
      try (RawClient client = RawClient.upgrade(server.port(), "HTTP/1.0", "/ws", refused, IO)) {
        assertThat(client.status()).isEqualTo(404);
      }
      SpanAsserts.assertRejected(
              SpanAsserts.handshakeWithRid(collector, refused), 404L, Rejection.HTTP_VERSION)
          .containsEntry(WsAuditSpans.KEEP_ALIVE, false);
    }
  }
}
