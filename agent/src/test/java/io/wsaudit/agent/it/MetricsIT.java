package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditMetrics;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.testkit.apps.jetty.JettyEchoApp;
import io.wsaudit.testkit.apps.netty.NettyEchoApp;
import io.wsaudit.testkit.apps.tomcat.TomcatEchoApp;
import io.wsaudit.testkit.apps.undertow.UndertowEchoApp;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedMetric;
import io.wsaudit.testkit.otlp.ReceivedMetric.Kind;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.otlp.Spans;
import io.wsaudit.testkit.ws.RawClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent's metrics on the OTLP wire, from a forked server per family and protocol: names, units,
 * instrument shapes and attributes, matching what the spans of the same connections say; and none
 * at all when {@code OTEL_METRICS_EXPORTER=none}.
 */
class MetricsIT {

  private static final Duration IO = Duration.ofSeconds(10);
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Keys a metric point must never carry: they would make a series per connection. */
  private static final Set<String> HIGH_CARDINALITY =
      Set.of(
          WsAuditSpans.URL_PATH,
          WsAuditSpans.NETWORK_PEER_ADDRESS,
          WsAuditSpans.NETWORK_PEER_PORT,
          WsAuditSpans.CLIENT_ADDRESS,
          WsAuditSpans.SERVER_ADDRESS,
          WsAuditSpans.CONNECTION_ID);

  static Stream<Arguments> families() {
    return Stream.of(
            Arguments.of(UndertowEchoApp.class, "undertow-2.3"),
            Arguments.of(JettyEchoApp.class, "jetty-12.1"),
            Arguments.of(TomcatEchoApp.class, "tomcat-11.0"),
            Arguments.of(NettyEchoApp.class, "netty-4.2"))
        .flatMap(
            a ->
                Stream.of("http/protobuf", "grpc")
                    .map(p -> Arguments.of(a.get()[0], a.get()[1], p)));
  }

  private static ForkedServer start(Class<?> app, OtlpCollector collector, String protocol)
      throws IOException {
    return ForkedServer.builder(app)
        .exportTo(collector)
        .env("OTEL_EXPORTER_OTLP_PROTOCOL", protocol)
        .env(
            "OTEL_EXPORTER_OTLP_ENDPOINT",
            protocol.equals("grpc") ? collector.grpcEndpoint() : collector.httpEndpoint())
        .env("OTEL_METRIC_EXPORT_INTERVAL", "200")
        .start();
  }

  @ParameterizedTest(name = "{1} over {2}")
  @MethodSource("families")
  void handshakesClosesDurationsAndActiveConnectionsOnTheWire(
      Class<?> app, String serverName, String protocol) throws IOException {
    try (OtlpCollector collector = new OtlpCollector();
        ForkedServer server = start(app, collector, protocol)) {
      assertThat(server.agentLines())
          .anyMatch(l -> l.contains("metrics to otlp " + protocol) && l.contains("every 0.2 s"));
      String clean = UUID.randomUUID().toString();
      try (RawClient ws = upgrade(server, "HTTP/1.1", clean)) {
        assertThat(ws.status()).isEqualTo(101);
        ws.sendClose(1000, "bye");
        ws.readFrame();
        assertThat(ws.serverClosesWithin(IO)).isTrue();
      }
      String reset = UUID.randomUUID().toString();
      RawClient cut = upgrade(server, "HTTP/1.1", reset);
      assertThat(cut.status()).isEqualTo(101);
      cut.abort();
      String old = UUID.randomUUID().toString();
      upgrade(server, "HTTP/1.0", old).close();

      ReceivedSpan resetClose =
          collector.awaitOne(Spans.closeOf(SpanAsserts.handshakeWithRid(collector, reset)));
      ReceivedSpan http10 = SpanAsserts.handshakeWithRid(collector, old);
      Predicate<ReceivedMetric> ours = m -> serverName.equals(m.text(WsAuditSpans.SERVER));

      ReceivedMetric upgraded =
          collector.awaitMetric(
              WsAuditMetrics.HANDSHAKES,
              WAIT,
              ours.and(m -> "upgraded".equals(m.text(WsAuditSpans.HANDSHAKE_OUTCOME)))
                  .and(m -> "1.1".equals(m.text(WsAuditSpans.NETWORK_PROTOCOL_VERSION)))
                  .and(m -> m.longValue() >= 2));
      assertThat(upgraded.unit()).isEqualTo("{handshake}");
      assertThat(upgraded.kind()).isEqualTo(Kind.SUM);
      assertThat(upgraded.monotonic()).isTrue();
      assertThat(upgraded.scope()).isEqualTo(WsAuditSpans.SCOPE_NAME);
      assertThat(upgraded.resourceText("service.name")).isEqualTo(app.getSimpleName());
      assertThat(upgraded.attributes()).doesNotContainKey(WsAuditSpans.HANDSHAKE_REJECTION);
      // The HTTP/1.0 attempt counts as its span says (families differ: 101, or a refusal).
      collector.awaitMetric(
          WsAuditMetrics.HANDSHAKES,
          WAIT,
          ours.and(m -> "1.0".equals(m.text(WsAuditSpans.NETWORK_PROTOCOL_VERSION)))
              .and(sameText(http10, WsAuditSpans.HANDSHAKE_OUTCOME))
              .and(sameText(http10, WsAuditSpans.HANDSHAKE_REJECTION)));

      ReceivedMetric normal =
          collector.awaitMetric(
              WsAuditMetrics.CLOSES,
              WAIT,
              ours.and(m -> "normal".equals(m.text(WsAuditMetrics.CLOSE_CODE_CLASS)))
                  .and(m -> "client".equals(m.text(WsAuditSpans.CLOSE_INITIATOR))));
      assertThat(normal.unit()).isEqualTo("{close}");
      assertThat(normal.attributes())
          .containsEntry(WsAuditSpans.CLOSE_CAUSE, "client")
          .containsEntry(WsAuditSpans.CLOSE_EARLY, false);
      String resetClass =
          WsAuditMetrics.CodeClass.of(((Long) resetClose.attr(WsAuditSpans.CLOSE_CODE)).intValue());
      ReceivedMetric abnormal =
          collector.awaitMetric(
              WsAuditMetrics.CLOSES,
              WAIT,
              ours.and(m -> resetClass.equals(m.text(WsAuditMetrics.CLOSE_CODE_CLASS)))
                  .and(sameText(resetClose, WsAuditSpans.CLOSE_INITIATOR))
                  .and(sameText(resetClose, WsAuditSpans.CLOSE_CAUSE))
                  .and(sameText(resetClose, WsAuditSpans.CLOSE_EARLY)));
      assertThat(abnormal.longValue()).isPositive();

      ReceivedMetric duration =
          collector.awaitMetric(
              WsAuditMetrics.CONNECTION_DURATION,
              WAIT,
              ours.and(m -> "client".equals(m.text(WsAuditSpans.CLOSE_INITIATOR))));
      assertThat(duration.unit()).isEqualTo("s");
      assertThat(duration.kind()).isEqualTo(Kind.HISTOGRAM);
      assertThat(duration.bounds()).isEqualTo(WsAuditMetrics.DURATION_BUCKETS_SECONDS);
      assertThat(duration.count()).isPositive();
      assertThat(duration.attributes()).doesNotContainKey(WsAuditMetrics.ERROR_TYPE);
      String errorType =
          WsAuditMetrics.errorType(resetClass, resetClose.text(WsAuditSpans.CLOSE_CAUSE));
      collector.awaitMetric(
          WsAuditMetrics.CONNECTION_DURATION,
          WAIT,
          ours.and(m -> Objects.equals(errorType, m.text(WsAuditMetrics.ERROR_TYPE)))
              .and(sameText(resetClose, WsAuditSpans.CLOSE_CAUSE)));

      ReceivedMetric active =
          collector.awaitMetric(
              WsAuditMetrics.ACTIVE_CONNECTIONS, WAIT, ours.and(m -> m.longValue() == 0));
      assertThat(active.unit()).isEqualTo("{connection}");
      assertThat(active.monotonic()).isFalse();
      assertThat(active.attributes().keySet()).containsExactly(WsAuditSpans.SERVER);

      assertThat(collector.metrics())
          .allSatisfy(
              m ->
                  assertThat(m.attributes().keySet())
                      .doesNotContainAnyElementsOf(HIGH_CARDINALITY));
    }
  }

  @Test
  void metricsOffExportsNoMetricButTheSpans() throws IOException, InterruptedException {
    try (OtlpCollector collector = new OtlpCollector();
        ForkedServer server =
            ForkedServer.builder(UndertowEchoApp.class)
                .exportTo(collector)
                .env("OTEL_METRICS_EXPORTER", "none")
                .env("OTEL_METRIC_EXPORT_INTERVAL", "100")
                .start()) {
      assertThat(server.agentLines()).anyMatch(l -> l.contains("metrics to none"));
      String rid = UUID.randomUUID().toString();
      try (RawClient ws = upgrade(server, "HTTP/1.1", rid)) {
        ws.sendClose(1000, "bye");
        ws.readFrame();
      }
      collector.awaitOne(Spans.closeOf(SpanAsserts.handshakeWithRid(collector, rid)));
      Thread.sleep(1000); // ten export intervals, had a reader existed
      assertThat(collector.metrics()).isEmpty();
      assertThat(collector.metricErrors()).isEmpty();
    }
  }

  private static RawClient upgrade(ForkedServer server, String version, String rid)
      throws IOException {
    return RawClient.send(
        server.port(), RawClient.upgradeRequest(version, "/ws", "X-Request-ID: " + rid), IO);
  }

  /** The metric point carries the span's value of {@code key}, or neither has it. */
  private static Predicate<ReceivedMetric> sameText(ReceivedSpan span, String key) {
    return m -> Objects.equals(m.text(key), span.text(key));
  }
}
