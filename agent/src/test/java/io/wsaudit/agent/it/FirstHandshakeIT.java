package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditMetrics;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.testkit.apps.undertow.UndertowEchoApp;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.otlp.Spans;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The SDK is built beside the application's start (StartingTelemetrySdk): the very first
 * connection, made the moment the server says it listens, still gets its spans and its metric.
 */
class FirstHandshakeIT {

  private static final Duration IO = Duration.ofSeconds(5);

  @Test
  void theFirstHandshakeRightAfterStartIsExported() throws Exception {
    try (OtlpCollector collector = new OtlpCollector();
        ForkedServer server =
            ForkedServer.builder(UndertowEchoApp.class)
                .exportTo(collector)
                .env("OTEL_METRIC_EXPORT_INTERVAL", "200")
                .jvmArg("-Dwsaudit.debug=true")
                .start()) {
      Exchanges.upgradeAndHangUp(server.port(), IO, "HTTP/1.1", "/ws/first");
      ReceivedSpan handshake = collector.awaitOne(Spans.handshake("/ws/first"));
      assertThat(handshake.attr(WsAuditSpans.HANDSHAKE_OUTCOME)).isEqualTo("upgraded");
      collector.awaitOne(Spans.closeOf(handshake));
      collector.awaitMetric(
          WsAuditMetrics.HANDSHAKES,
          Duration.ofSeconds(10),
          m -> "upgraded".equals(m.text(WsAuditSpans.HANDSHAKE_OUTCOME)) && m.longValue() == 1);
      assertThat(server.agentLines())
          .noneMatch(l -> l.contains("not ready") || l.contains("did not start"));
    }
  }
}
