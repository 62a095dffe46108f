package io.wsaudit.testkit.otlp;

import static io.wsaudit.testkit.otlp.OtlpAttributes.kv;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.wsaudit.testkit.otlp.ReceivedMetric.Kind;
import io.wsaudit.testkit.otlp.ReceivedMetric.Temporality;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpCollectorMetricsTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration WAIT = Duration.ofSeconds(5);

  private static ExportMetricsServiceRequest closesAndDurations(String server, long closes) {
    Metric counter =
        Metric.newBuilder()
            .setName("websocket.server.closes")
            .setUnit("{close}")
            .setSum(
                Sum.newBuilder()
                    .setIsMonotonic(true)
                    .setAggregationTemporality(
                        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                    .addDataPoints(
                        NumberDataPoint.newBuilder()
                            .addAttributes(kv("websocket.server", server))
                            .setAsInt(closes)))
            .build();
    Metric histogram =
        Metric.newBuilder()
            .setName("websocket.server.connection.duration")
            .setUnit("s")
            .setHistogram(
                Histogram.newBuilder()
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                    .addDataPoints(
                        HistogramDataPoint.newBuilder()
                            .addAttributes(kv("websocket.server", server))
                            .setCount(3)
                            .setSum(7.5)
                            .addAllExplicitBounds(List.of(1.0, 10.0))
                            .addAllBucketCounts(List.of(1L, 2L, 0L))))
            .build();
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", "chat")))
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("io.wsaudit.agent"))
                        .addMetrics(counter)
                        .addMetrics(histogram)))
        .build();
  }

  private static int post(String endpoint, String type, byte[] body, boolean gzip)
      throws Exception {
    return OtlpPost.post(endpoint + "/v1/metrics", type, body, gzip);
  }

  @Test
  void keepsSumAndHistogramPointsFromHttpProtobufPlainAndGzip() throws Exception {
    try (OtlpCollector collector = new OtlpCollector()) {
      byte[] first = closesAndDurations("undertow", 2).toByteArray();
      byte[] second = closesAndDurations("undertow", 5).toByteArray();
      assertThat(post(collector.httpEndpoint(), "application/x-protobuf", first, false))
          .isEqualTo(200);
      assertThat(post(collector.httpEndpoint(), "application/x-protobuf", second, true))
          .isEqualTo(200);

      assertThat(collector.metrics()).hasSize(4);
      ReceivedMetric closes =
          collector.awaitMetric("websocket.server.closes", WAIT, m -> m.longValue() == 5);
      assertThat(closes.unit()).isEqualTo("{close}");
      assertThat(closes.kind()).isEqualTo(Kind.SUM);
      assertThat(closes.monotonic()).isTrue();
      assertThat(closes.temporality()).isEqualTo(Temporality.CUMULATIVE);
      assertThat(closes.text("websocket.server")).isEqualTo("undertow");
      assertThat(closes.scope()).isEqualTo("io.wsaudit.agent");
      assertThat(closes.resourceText("service.name")).isEqualTo("chat");

      ReceivedMetric duration =
          collector.awaitMetric("websocket.server.connection.duration", WAIT, m -> true);
      assertThat(duration.kind()).isEqualTo(Kind.HISTOGRAM);
      assertThat(duration.temporality()).isEqualTo(Temporality.DELTA);
      assertThat(duration.count()).isEqualTo(3);
      assertThat(duration.sum()).isEqualTo(7.5);
      assertThat(duration.bounds()).containsExactly(1.0, 10.0);
      assertThat(duration.bucketCounts()).containsExactly(1L, 2L, 0L);
      assertThat(duration.value()).isNull();
    }
  }

  @Test
  void keepsPointsFromHttpJsonWithInt64AsStringAndAnswersJson() throws Exception {
    // OTLP/JSON as the specification writes it: lowerCamelCase, int64 as strings, enums as numbers.
    String json =
        """
        {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"chat"}}]},
          "scopeMetrics":[{"scope":{"name":"io.wsaudit.agent"},"metrics":[
            {"name":"websocket.server.active_connections","unit":"{connection}",
             "sum":{"aggregationTemporality":2,"isMonotonic":false,"dataPoints":[
               {"asInt":"4","attributes":[{"key":"websocket.server","value":{"stringValue":"jetty"}}],
                "exemplars":[{"asInt":"1","traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}]}]}}]}]}]}
        """;
    try (OtlpCollector collector = new OtlpCollector()) {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(collector.httpEndpoint() + "/v1/metrics"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(response.body()).contains("{");

      ReceivedMetric active =
          collector.awaitMetric("websocket.server.active_connections", WAIT, m -> true);
      assertThat(active.value()).isEqualTo(4L);
      assertThat(active.monotonic()).isFalse();
      assertThat(active.temporality()).isEqualTo(Temporality.CUMULATIVE);
      assertThat(active.text("websocket.server")).isEqualTo("jetty");
    }
  }

  @Test
  void keepsPointsFromGrpcMetricsService() throws Exception {
    try (OtlpCollector collector = new OtlpCollector()) {
      OtlpPost.overGrpc(
          collector.grpcEndpoint(),
          channel ->
              MetricsServiceGrpc.newBlockingStub(channel).export(closesAndDurations("netty", 1)));
      assertThat(collector.metrics("websocket.server.closes", m -> true))
          .singleElement()
          .satisfies(m -> assertThat(m.text("websocket.server")).isEqualTo("netty"));
      collector.clearMetrics();
      assertThat(collector.metrics()).isEmpty();
    }
  }

  @Test
  void refusesWhatItCannotDecodeAndSaysWhy() throws Exception {
    try (OtlpCollector collector = new OtlpCollector()) {
      assertThat(
              post(
                  collector.httpEndpoint(),
                  "application/x-protobuf",
                  new byte[] {(byte) 0xff, 0x01},
                  false))
          .isEqualTo(400);
      assertThat(
              post(
                  collector.httpEndpoint(),
                  "application/json",
                  "{\"resourceMetrics\":7}".getBytes(StandardCharsets.UTF_8),
                  false))
          .isEqualTo(400);
      assertThat(collector.metricErrors()).hasSize(2).allMatch(e -> e.startsWith("decode:"));
      assertThat(collector.metrics()).isEmpty();
    }
  }
}
