package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditMetrics;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.testkit.apps.jetty.JettyEchoApp;
import io.wsaudit.testkit.apps.tomcat.TomcatEchoApp;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedMetric;
import io.wsaudit.testkit.otlp.Spans;
import io.wsaudit.testkit.ws.RawClient;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Extension mode, metrics: our instruments are made on the OpenTelemetry Java agent's meter
 * provider and leave through its exporter (its resource on them), with the names, units and
 * attributes of docs/metrics.md; no second SDK exports anything.
 */
class OtelExtensionMetricsIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @ParameterizedTest(name = "{0}")
  @ValueSource(classes = {JettyEchoApp.class, TomcatEchoApp.class})
  void metricsGoThroughTheOtelAgentsMeterProvider(Class<?> app) throws Exception {
    try (OtlpCollector collector = new OtlpCollector();
        ForkedServer server =
            OtelExtensionIT.extensionOf(ForkedServer.builder(app), true)
                .exportTo(collector)
                .env("OTEL_METRICS_EXPORTER", "otlp")
                .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
                .start()) {
      try (RawClient ws =
          RawClient.send(
              server.port(), RawClient.upgradeRequest("HTTP/1.1", "/ws"), OtelAgentOrderIT.T)) {
        NettyAgentIT.echoAndClientClose(ws);
        collector.awaitOne(Spans.handshakeFromPort(ws.localPort()));
      }
      Predicate<ReceivedMetric> upgraded =
          m -> "upgraded".equals(m.text(WsAuditSpans.HANDSHAKE_OUTCOME)) && m.longValue() >= 1;
      ReceivedMetric handshakes = collector.awaitMetric(WsAuditMetrics.HANDSHAKES, WAIT, upgraded);
      assertThat(handshakes.scope()).isEqualTo(WsAuditSpans.SCOPE_NAME);
      assertThat(handshakes.unit()).isEqualTo(WsAuditMetrics.HANDSHAKES_UNIT);
      assertThat(handshakes.resourceText("telemetry.distro.name"))
          .isEqualTo("opentelemetry-java-instrumentation");
      assertThat(handshakes.text(WsAuditSpans.NETWORK_PROTOCOL_VERSION)).isEqualTo("1.1");
      ReceivedMetric closes =
          collector.awaitMetric(
              WsAuditMetrics.CLOSES,
              WAIT,
              m -> "client".equals(m.text(WsAuditSpans.CLOSE_INITIATOR)) && m.longValue() >= 1);
      assertThat(closes.resourceText("telemetry.distro.name"))
          .isEqualTo("opentelemetry-java-instrumentation");
      collector.awaitMetric(WsAuditMetrics.CONNECTION_DURATION, WAIT, m -> true);
      assertThat(collector.metrics())
          .as("every metric of our scope carries the OpenTelemetry agent's resource: one SDK")
          .filteredOn(m -> m.scope().equals(WsAuditSpans.SCOPE_NAME))
          .allSatisfy(
              m ->
                  assertThat(m.resourceText("telemetry.distro.name"))
                      .isEqualTo("opentelemetry-java-instrumentation"));
      assertThat(collector.metricErrors()).isEmpty();
    }
  }
}
