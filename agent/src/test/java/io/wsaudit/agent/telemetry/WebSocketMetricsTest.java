package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.wsaudit.contract.WsAuditMetrics;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebSocketMetricsTest {

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider provider =
      SdkMeterProvider.builder().registerMetricReader(reader).build();
  private final SpanCounters counters = new SpanCounters();
  private final WebSocketMetrics metrics =
      WebSocketMetrics.create(provider.get(WsAuditSpans.SCOPE_NAME), counters);

  @AfterEach
  void close() {
    provider.close();
  }

  private WebSocketTelemetry telemetry(int maxOpen) {
    return TestTelemetry.of(
        TracerProvider.noop().get("test"), List.of(), maxOpen, counters, metrics);
  }

  private static HandshakeDecision handshake(String server, int peerPort) {
    return new HandshakeDecision()
        .server(server)
        .method("GET")
        .path("/chat/room-" + peerPort)
        .protocol("HTTP/1.1")
        .status(101)
        .upgraded(true)
        .peer(new InetSocketAddress("10.1.2.3", peerPort))
        .local(new InetSocketAddress("10.9.9.9", 8080));
  }

  private Map<String, MetricData> collect() {
    return reader.collectAllMetrics().stream()
        .collect(Collectors.toMap(MetricData::getName, m -> m));
  }

  private static Map<Attributes, Long> longPoints(MetricData m) {
    Collection<LongPointData> points = m.getLongSumData().getPoints();
    return points.stream()
        .collect(Collectors.toMap(LongPointData::getAttributes, LongPointData::getValue));
  }

  private static Attributes attrs(Object... kv) {
    var b = Attributes.builder();
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i + 1] instanceof Boolean flag) {
        b.put(AttributeKey.booleanKey((String) kv[i]), flag);
      } else {
        b.put((String) kv[i], (String) kv[i + 1]);
      }
    }
    return b.build();
  }

  @Test
  void handshakesCountByOutcomeRejectionVersionAndServerButNeverByPath() {
    WebSocketTelemetry t = telemetry(10);
    t.handshake(handshake("undertow", 40000));
    t.handshake(handshake("undertow", 40001));
    t.handshake(
        handshake("undertow", 40002)
            .protocol("HTTP/1.0")
            .status(400)
            .upgraded(false)
            .rejection(WsAuditSpans.Rejection.HTTP_VERSION));
    // Outside the closed lists: recorded as the catch-alls, not as themselves.
    t.handshake(handshake("undertow", 40003).protocol("HTTP/9.9").upgraded(false).rejection("x"));

    MetricData m = collect().get(WsAuditMetrics.HANDSHAKES);
    assertThat(m.getUnit()).isEqualTo("{handshake}");
    assertThat(m.getLongSumData().isMonotonic()).isTrue();
    assertThat(longPoints(m))
        .containsOnly(
            Map.entry(
                attrs(
                    WsAuditSpans.HANDSHAKE_OUTCOME, "upgraded",
                    WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.1",
                    WsAuditSpans.SERVER, "undertow"),
                2L),
            Map.entry(
                attrs(
                    WsAuditSpans.HANDSHAKE_OUTCOME, "rejected",
                    WsAuditSpans.HANDSHAKE_REJECTION, "http_version",
                    WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.0",
                    WsAuditSpans.SERVER, "undertow"),
                1L),
            Map.entry(
                attrs(
                    WsAuditSpans.HANDSHAKE_OUTCOME, "rejected",
                    WsAuditSpans.HANDSHAKE_REJECTION, "other",
                    WsAuditSpans.NETWORK_PROTOCOL_VERSION, "_OTHER",
                    WsAuditSpans.SERVER, "undertow"),
                1L));
  }

  @Test
  void closesAndDurationsSayHowEachConnectionEndedAndActiveFollowsThem() {
    WebSocketTelemetry t = telemetry(10);
    HandshakeDecision clean = handshake("jetty", 41000);
    HandshakeDecision cut = handshake("jetty", 41001);
    HandshakeDecision open = handshake("jetty", 41002);
    t.handshake(clean);
    t.handshake(cut);
    t.handshake(open);
    t.closeFrameReceived(clean.connectionKey(), 1000, "bye");
    t.connectionGone(clean.connectionKey(), Cause.EOF);
    t.transportEnded(cut.connectionKey(), Cause.IO_ERROR);
    t.connectionGone(cut.connectionKey(), Cause.EOF);

    Map<String, MetricData> all = collect();
    MetricData active = all.get(WsAuditMetrics.ACTIVE_CONNECTIONS);
    assertThat(active.getUnit()).isEqualTo("{connection}");
    assertThat(active.getLongSumData().isMonotonic()).isFalse();
    assertThat(longPoints(active)).containsOnly(Map.entry(attrs(WsAuditSpans.SERVER, "jetty"), 1L));

    MetricData closes = all.get(WsAuditMetrics.CLOSES);
    assertThat(closes.getUnit()).isEqualTo("{close}");
    assertThat(longPoints(closes))
        .containsOnly(
            Map.entry(
                attrs(
                    WsAuditMetrics.CLOSE_CODE_CLASS, "normal",
                    WsAuditSpans.CLOSE_INITIATOR, "client",
                    WsAuditSpans.CLOSE_CAUSE, "client",
                    WsAuditSpans.CLOSE_EARLY, false,
                    WsAuditSpans.SERVER, "jetty"),
                1L),
            Map.entry(
                attrs(
                    WsAuditMetrics.CLOSE_CODE_CLASS, "abnormal",
                    WsAuditSpans.CLOSE_INITIATOR, "transport",
                    WsAuditSpans.CLOSE_CAUSE, "io_error",
                    WsAuditSpans.CLOSE_EARLY, true,
                    WsAuditSpans.SERVER, "jetty"),
                1L));

    MetricData duration = all.get(WsAuditMetrics.CONNECTION_DURATION);
    assertThat(duration.getType()).isEqualTo(MetricDataType.HISTOGRAM);
    assertThat(duration.getUnit()).isEqualTo("s");
    Map<Attributes, HistogramPointData> points =
        duration.getHistogramData().getPoints().stream()
            .collect(Collectors.toMap(HistogramPointData::getAttributes, p -> p));
    assertThat(points.keySet())
        .containsExactlyInAnyOrder(
            attrs(
                WsAuditSpans.CLOSE_INITIATOR, "client",
                WsAuditSpans.CLOSE_CAUSE, "client",
                WsAuditSpans.SERVER, "jetty"),
            attrs(
                WsAuditSpans.CLOSE_INITIATOR, "transport",
                WsAuditSpans.CLOSE_CAUSE, "io_error",
                WsAuditSpans.SERVER, "jetty",
                WsAuditMetrics.ERROR_TYPE, "io_error"));
    points
        .values()
        .forEach(
            p -> {
              assertThat(p.getBoundaries()).isEqualTo(WsAuditMetrics.DURATION_BUCKETS_SECONDS);
              assertThat(p.getCount()).isEqualTo(1);
              assertThat(p.getSum()).isBetween(0.0, 1.0);
            });
  }

  @Test
  void aConnectionForgottenPastTheRegistryLimitLeavesTheActiveCount() {
    WebSocketTelemetry t = telemetry(1);
    t.handshake(handshake("tomcat", 42000));
    t.handshake(handshake("tomcat", 42001));

    assertThat(counters.connectionsForgotten()).isEqualTo(1);
    assertThat(longPoints(collect().get(WsAuditMetrics.ACTIVE_CONNECTIONS)))
        .containsOnly(Map.entry(attrs(WsAuditSpans.SERVER, "tomcat"), 1L));
  }

  @Test
  void eachCombinationsAttributesAreBuiltOnce() {
    MetricAttributes a = new MetricAttributes("netty");
    assertThat(a.handshake(true, null, "1.1")).isSameAs(a.handshake(true, null, "1.1"));
    assertThat(a.handshake(false, "origin", "1.1")).isNotEqualTo(a.handshake(true, null, "1.1"));

    WebSocketTelemetry t = telemetry(10);
    HandshakeDecision d = handshake("netty", 43000);
    t.handshake(d);
    t.closeFrameSent(d.connectionKey(), 1011, "boom");
    t.connectionGone(d.connectionKey(), Cause.EOF);
    assertThat(longPoints(collect().get(WsAuditMetrics.CLOSES)).keySet().iterator().next().asMap())
        .containsEntry(
            AttributeKey.stringKey(WsAuditMetrics.CLOSE_CODE_CLASS),
            WsAuditMetrics.CodeClass.SERVER_ERROR);
  }

  @Test
  void serversPastTheBoundAreDroppedAndCounted() {
    WebSocketTelemetry t = telemetry(1000);
    for (int i = 0; i < WebSocketMetrics.MAX_SERVERS + 3; i++) {
      t.handshake(handshake("server-" + i, 44000 + i).upgraded(false));
    }
    assertThat(counters.metricsDropped()).isEqualTo(3);
    assertThat(collect().get(WsAuditMetrics.HANDSHAKES).getLongSumData().getPoints())
        .hasSize(WebSocketMetrics.MAX_SERVERS);
    assertThat(counters.toString()).contains("metric measurements dropped (too many servers) 3");
  }

  @Test
  void offRecordsNothing() {
    WebSocketMetrics off = WebSocketMetrics.off();
    assertThat(off.isOn()).isFalse();
    WebSocketTelemetry t =
        TestTelemetry.of(TracerProvider.noop().get("test"), List.of(), 10, counters, off);
    HandshakeDecision d = handshake("undertow", 45000);
    t.handshake(d);
    t.connectionGone(d.connectionKey(), Cause.EOF);
    assertThat(reader.collectAllMetrics()).isEmpty();
  }
}
