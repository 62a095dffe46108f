package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.otlp.Spans;
import io.wsaudit.testkit.ws.RawClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A pod's normal end: SIGTERM (what {@link Process#destroy()} sends) to a server JVM with open
 * connections. Each connection must still get exactly one close span, with cause {@code shutdown},
 * whether the server's own hook closes it or the agent does when its grace period ends.
 */
class ShutdownIT {

  private static final Duration IO = Duration.ofSeconds(5);
  private static final int CONNECTIONS = 3;

  @ParameterizedTest
  @MethodSource("io.wsaudit.agent.it.FiveFamilies#apps")
  void everyOpenConnectionGetsItsCloseSpanWhenTheJvmStops(Class<?> app) throws Exception {
    String path = "/ws";
    try (OtlpCollector collector = new OtlpCollector()) {
      ForkedServer server =
          ForkedServer.builder(app).exportTo(collector).env("WSAUDIT_SHUTDOWN_GRACE", "2s").start();
      List<RawClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < CONNECTIONS; i++) {
          RawClient c =
              RawClient.send(server.port(), RawClient.upgradeRequest("HTTP/1.1", path), IO);
          clients.add(c);
          assertThat(c.status()).isEqualTo(101);
          c.sendText("before stop " + i);
          assertThat(c.readFrame().text()).isEqualTo("before stop " + i);
        }
        List<ReceivedSpan> handshakes =
            collector.await(CONNECTIONS, Duration.ofSeconds(15), Spans.handshake(path));
        assertThat(collector.spans(Spans.close(path))).isEmpty();

        server.close(); // SIGTERM, then waits for the JVM to end

        List<Object> ids =
            handshakes.stream()
                .map(h -> h.attr(WsAuditSpans.CONNECTION_ID))
                .collect(Collectors.toList());
        // The JVM has ended, so whatever the agent flushed has arrived.
        List<ReceivedSpan> closes = collector.spans(Spans.close(path));
        assertThat(closes)
            .as("close spans after SIGTERM; server output:\n%s", String.join("\n", server.output()))
            .extracting(s -> s.attr(WsAuditSpans.CONNECTION_ID))
            .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(closes)
            .allSatisfy(
                s -> {
                  assertThat(s.attr(WsAuditSpans.CLOSE_CAUSE)).isEqualTo("shutdown");
                  assertThat(s.attr(WsAuditSpans.CLOSE_INITIATOR)).isEqualTo("server");
                });
        assertThat(server.agentLines()).noneMatch(l -> l.matches(".*dropped or pending [1-9].*"));
      } finally {
        for (RawClient c : clients) {
          c.close();
        }
        server.close();
      }
    }
  }
}
