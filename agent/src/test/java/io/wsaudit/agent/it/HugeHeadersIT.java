package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.testkit.apps.undertow.UndertowEchoApp;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.otlp.Spans;
import io.wsaudit.testkit.ws.RawClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hostile header sizes: a 900 KB {@code User-Agent} (inside Undertow's own 1 MiB header limit). The
 * server must answer exactly as without the agent, every time, and the span must carry a cut value:
 * unbounded copies once filled a 256 MB heap after 800 such upgrades.
 */
class HugeHeadersIT {

  private static final Duration IO = Duration.ofSeconds(10);
  private static final String HUGE = "u".repeat(900 * 1024);
  private static final int UPGRADES = 120;

  private static String request(String path) {
    return RawClient.upgradeRequest(
        "HTTP/1.1", path, "User-Agent: " + HUGE, "X-Request-ID: " + "r".repeat(64 * 1024));
  }

  @Test
  void hugeHeadersAreAnsweredAsWithoutTheAgentAndCutInTheSpan() throws Exception {
    String without;
    try (ForkedServer plain = ForkedServer.builder(UndertowEchoApp.class).withoutAgent().start();
        RawClient c = RawClient.send(plain.port(), request("/ws/huge"), IO)) {
      without = c.headWithoutDate();
    }
    try (OtlpCollector collector = new OtlpCollector();
        ForkedServer server =
            ForkedServer.builder(UndertowEchoApp.class).exportTo(collector).start()) {
      for (int i = 0; i < UPGRADES; i++) {
        try (RawClient c = RawClient.send(server.port(), request("/ws/huge"), IO)) {
          assertThat(c.headWithoutDate()).as("upgrade %d", i).isEqualTo(without);
          c.sendClose(1000, "");
          c.readFrame();
        }
      }
      assertThat(without).startsWith("HTTP/1.1 101");
      List<ReceivedSpan> handshakes =
          collector.await(UPGRADES, Duration.ofSeconds(30), Spans.handshake("/ws/huge"));
      assertThat(handshakes)
          .allSatisfy(
              h -> {
                assertThat((String) h.attr(WsAuditSpans.USER_AGENT_ORIGINAL)).hasSize(1024);
                assertThat(h.attr(WsAuditSpans.REQUEST_HEADER_PREFIX + "x-request-id"))
                    .isEqualTo(List.of("r".repeat(1024)));
              });
      assertThat(server.isAlive()).isTrue();
      assertThat(server.output()).noneMatch(l -> l.contains("OutOfMemoryError"));
    }
  }
}
