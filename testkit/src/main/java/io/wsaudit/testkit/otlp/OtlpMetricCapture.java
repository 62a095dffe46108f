package io.wsaudit.testkit.otlp;

import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.wsaudit.testkit.otlp.ReceivedMetric.Kind;
import io.wsaudit.testkit.otlp.ReceivedMetric.Temporality;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * {@link OtlpCollector}'s metrics: OTLP/HTTP {@code /v1/metrics} as protobuf or JSON (optionally
 * gzip), and the OTLP/gRPC {@code MetricsService}. Exemplars are not read, so the hex trace and
 * span ids OTLP/JSON puts in them (where protobuf's JSON mapping expects base64) do not matter
 * here.
 */
final class OtlpMetricCapture extends MetricsServiceGrpc.MetricsServiceImplBase {

  private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields();

  private final List<ReceivedMetric> metrics = new CopyOnWriteArrayList<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();

  void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      boolean json = type != null && type.toLowerCase().startsWith("application/json");
      ExportMetricsServiceRequest request;
      try {
        request = decode(exchange, json);
      } catch (IOException | RuntimeException e) {
        errors.add("decode: " + e);
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      accept(request);
      ExportMetricsServiceResponse response = ExportMetricsServiceResponse.getDefaultInstance();
      byte[] ok =
          json
              ? JsonFormat.printer().print(response).getBytes(StandardCharsets.UTF_8)
              : response.toByteArray();
      exchange
          .getResponseHeaders()
          .add("Content-Type", json ? "application/json" : "application/x-protobuf");
      exchange.sendResponseHeaders(200, ok.length);
      exchange.getResponseBody().write(ok);
    }
  }

  private static ExportMetricsServiceRequest decode(HttpExchange exchange, boolean json)
      throws IOException {
    InputStream in = new ByteArrayInputStream(exchange.getRequestBody().readAllBytes());
    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    if (!json) {
      return ExportMetricsServiceRequest.parseFrom(in);
    }
    ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
    JSON.merge(new String(in.readAllBytes(), StandardCharsets.UTF_8), b);
    return b.build();
  }

  @Override
  public void export(
      ExportMetricsServiceRequest request, StreamObserver<ExportMetricsServiceResponse> response) {
    accept(request);
    response.onNext(ExportMetricsServiceResponse.getDefaultInstance());
    response.onCompleted();
  }

  private void accept(ExportMetricsServiceRequest request) {
    Instant now = Instant.now();
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      Map<String, Object> resource = ReceivedSpan.toMap(rm.getResource().getAttributesList());
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        Point point = new Point(now, sm.getScope().getName(), resource);
        sm.getMetricsList().forEach(m -> metrics.addAll(point.of(m)));
      }
    }
  }

  /** What every point of one scope shares. */
  private record Point(Instant received, String scope, Map<String, Object> resource) {

    List<ReceivedMetric> of(Metric m) {
      return switch (m.getDataCase()) {
        case SUM ->
            m.getSum().getDataPointsList().stream()
                .map(
                    p ->
                        number(
                            m,
                            Kind.SUM,
                            m.getSum().getIsMonotonic(),
                            m.getSum().getAggregationTemporality(),
                            p))
                .toList();
        case GAUGE ->
            m.getGauge().getDataPointsList().stream()
                .map(
                    p ->
                        number(
                            m,
                            Kind.GAUGE,
                            false,
                            AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED,
                            p))
                .toList();
        case HISTOGRAM ->
            m.getHistogram().getDataPointsList().stream()
                .map(p -> histogram(m, m.getHistogram().getAggregationTemporality(), p))
                .toList();
        case EXPONENTIAL_HISTOGRAM -> List.of(bare(m, Kind.EXPONENTIAL_HISTOGRAM));
        case SUMMARY -> List.of(bare(m, Kind.SUMMARY));
        default -> List.of();
      };
    }

    private ReceivedMetric number(
        Metric m, Kind kind, boolean monotonic, AggregationTemporality t, NumberDataPoint p) {
      // Not a ?: of long and double, which would promote an int point to a Double.
      Number value = Double.valueOf(p.getAsDouble());
      if (p.getValueCase() == NumberDataPoint.ValueCase.AS_INT) {
        value = Long.valueOf(p.getAsInt());
      }
      return point(m, kind, monotonic, t, p.getAttributesList(), value, null);
    }

    private ReceivedMetric histogram(Metric m, AggregationTemporality t, HistogramDataPoint p) {
      return point(m, Kind.HISTOGRAM, false, t, p.getAttributesList(), null, p);
    }

    /** Shapes the agent does not emit: the name and unit only, so a test can still see them. */
    private ReceivedMetric bare(Metric m, Kind kind) {
      return point(
          m,
          kind,
          false,
          AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED,
          List.of(),
          null,
          null);
    }

    /** {@code h}: the histogram point, null for any other shape. */
    private ReceivedMetric point(
        Metric m,
        Kind kind,
        boolean monotonic,
        AggregationTemporality t,
        List<KeyValue> attributes,
        Number value,
        HistogramDataPoint h) {
      return new ReceivedMetric(
          received,
          scope,
          resource,
          m.getName(),
          m.getUnit(),
          kind,
          monotonic,
          temporality(t),
          ReceivedSpan.toMap(attributes),
          value,
          h == null ? 0 : h.getCount(),
          h == null ? 0 : h.getSum(),
          h == null ? List.of() : List.copyOf(h.getExplicitBoundsList()),
          h == null ? List.of() : List.copyOf(h.getBucketCountsList()));
    }

    private static Temporality temporality(AggregationTemporality t) {
      return switch (t) {
        case AGGREGATION_TEMPORALITY_DELTA -> Temporality.DELTA;
        case AGGREGATION_TEMPORALITY_CUMULATIVE -> Temporality.CUMULATIVE;
        default -> Temporality.UNSPECIFIED;
      };
    }
  }

  List<ReceivedMetric> metrics() {
    return List.copyOf(metrics);
  }

  List<String> errors() {
    return List.copyOf(errors);
  }

  void clear() {
    metrics.clear();
  }
}
