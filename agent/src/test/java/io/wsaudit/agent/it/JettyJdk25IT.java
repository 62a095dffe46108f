package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Outcome;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import io.wsaudit.testkit.apps.jetty.JettyEchoApp;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.ws.RawClient;
import java.nio.file.Files;
import java.nio.file.Path;
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
    String home = System.getProperty("wsaudit.jdk25.home", "");
    assumeTrue(
        !home.isBlank() && Files.isExecutable(Path.of(home, "bin", "java")),
        "no JDK 25 at " + home);
    try (OtlpCollector collector = new OtlpCollector();
        ForkedServer server =
            ForkedServer.builder(JettyEchoApp.class).javaHome(home).exportTo(collector).start()) {
      assertThat(server.agentLines()).anyMatch(l -> l.contains("instrumented jetty"));
      assertThat(server.agentLines()).noneMatch(l -> l.contains("skipped"));

      String upgraded = UUID.randomUUID().toString();
      try (RawClient client = RawClient.upgrade(server.port(), "HTTP/1.1", "/ws", upgraded, IO)) {
        assertThat(client.status()).isEqualTo(101);
        client.sendText("on 25");
        assertThat(client.readFrame().text()).isEqualTo("on 25");
        client.sendClose(1000, "bye");
        assertThat(client.readFrame().opcode).isEqualTo(8);
      }
      ReceivedSpan hs = SpanAsserts.handshakeWithRid(collector, upgraded);
      assertThat(hs.attributes)
          .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.UPGRADED)
          .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 101L)
          .containsEntry(WsAuditSpans.SERVER, "jetty-12.1");
      SpanAsserts.assertCloseSays(
          SpanAsserts.closeOf(collector, hs), 1000L, Initiator.CLIENT, Cause.CLIENT);

      String refused = UUID.randomUUID().toString();
      try (RawClient client = RawClient.upgrade(server.port(), "HTTP/1.0", "/ws", refused, IO)) {
        assertThat(client.status()).isEqualTo(404);
      }
      assertThat(SpanAsserts.handshakeWithRid(collector, refused).attributes)
          .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.REJECTED)
          .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, Rejection.HTTP_VERSION)
          .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 404L)
          .containsEntry(WsAuditSpans.KEEP_ALIVE, false);
    }
  }
}
