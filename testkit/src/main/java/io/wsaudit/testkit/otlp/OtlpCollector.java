package io.wsaudit.testkit.otlp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.wsaudit.testkit.process.DaemonThreads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.awaitility.Awaitility;

/**
 * An in-test OTLP receiver on 127.0.0.1, OTLP/HTTP (protobuf, optionally gzip) and OTLP/gRPC: keeps
 * every span, tells listeners, and can forward each export to further OTLP/HTTP receivers. It also
 * keeps the log records posted to OTLP/HTTP {@code /v1/logs} ({@link #logs()}) and the metric
 * points exported to {@code /v1/metrics} (protobuf or JSON) or the gRPC MetricsService ({@link
 * #metrics()}).
 */
public final class OtlpCollector implements AutoCloseable {

  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final List<Consumer<ReceivedSpan>> listeners = new CopyOnWriteArrayList<>();
  private final OtlpForwarder forwarder = new OtlpForwarder();
  private final OtlpLogCapture logs = new OtlpLogCapture();
  private final OtlpMetricCapture metrics = new OtlpMetricCapture();
  private final ExecutorService httpThreads;
  private final HttpServer http;
  private final Server grpc;

  public OtlpCollector() throws IOException {
    // More than one exchange at a time: two agents in one JVM export side by side.
    httpThreads = Executors.newFixedThreadPool(4, DaemonThreads.named("otlp-collector"));
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/v1/traces", this::handleHttp);
    http.createContext("/v1/logs", logs::handle);
    http.createContext("/v1/metrics", metrics::handle);
    http.setExecutor(httpThreads);
    http.start();
    grpc =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                new TraceServiceGrpc.TraceServiceImplBase() {
                  @Override
                  public void export(
                      ExportTraceServiceRequest request,
                      StreamObserver<ExportTraceServiceResponse> response) {
                    forwarder.forward(request.toByteArray(), null, null);
                    accept(request);
                    response.onNext(ExportTraceServiceResponse.getDefaultInstance());
                    response.onCompleted();
                  }
                })
            .addService(metrics)
            .build()
            .start();
  }

  private void handleHttp(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
      forwarder.forward(body, exchange.getRequestHeaders().getFirst("Content-Type"), encoding);
      try {
        InputStream in = new ByteArrayInputStream(body);
        accept(
            ExportTraceServiceRequest.parseFrom(
                "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(in) : in));
      } catch (IOException | RuntimeException e) {
        forwarder.error("decode: " + e);
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      byte[] ok = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, ok.length);
      exchange.getResponseBody().write(ok);
    }
  }

  private void accept(ExportTraceServiceRequest request) {
    Instant now = Instant.now();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      Map<String, Object> resource = ReceivedSpan.toMap(rs.getResource().getAttributesList());
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          ReceivedSpan span = new ReceivedSpan(now, ss.getScope().getName(), resource, s);
          spans.add(span);
          listeners.forEach(l -> l.accept(span));
        }
      }
    }
  }

  /** {@code http://127.0.0.1:PORT}: an {@code OTEL_EXPORTER_OTLP_ENDPOINT} for http/protobuf. */
  public String httpEndpoint() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  public String grpcEndpoint() {
    return "http://127.0.0.1:" + grpc.getPort();
  }

  public List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  public List<ReceivedSpan> spans(Predicate<ReceivedSpan> filter) {
    return spans.stream().filter(filter).toList();
  }

  /** Waits (bounded) until {@code count} spans match, and returns them. */
  public List<ReceivedSpan> await(int count, Duration timeout, Predicate<ReceivedSpan> filter) {
    Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> spans(filter).size() >= count);
    return spans(filter);
  }

  public ReceivedSpan awaitOne(Predicate<ReceivedSpan> filter) {
    return await(1, Duration.ofSeconds(15), filter).get(0);
  }

  public void clear() {
    spans.clear();
  }

  /** Called (on a receiver thread) for every span received from now on. */
  public void onSpan(Consumer<ReceivedSpan> listener) {
    listeners.add(listener);
  }

  public void clearListeners() {
    listeners.clear();
  }

  /** Forwards every later export also to this OTLP/HTTP base URL (no {@code /v1/traces}). */
  public void addTarget(String baseUrl) {
    forwarder.addTarget(baseUrl);
  }

  public void clearTargets() {
    forwarder.clearTargets();
  }

  /** Every log record received on {@code /v1/logs} so far. */
  public List<ReceivedLog> logs() {
    return logs.logs();
  }

  /** Waits (bounded) until {@code count} log records match, and returns them. */
  public List<ReceivedLog> awaitLogs(int count, Duration timeout, Predicate<ReceivedLog> filter) {
    Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> logs().stream().filter(filter).count() >= count);
    return logs().stream().filter(filter).toList();
  }

  public void clearLogs() {
    logs.clear();
  }

  /** Log exports that could not be decoded. */
  public List<String> logErrors() {
    return logs.errors();
  }

  /** Every metric data point received so far (HTTP or gRPC), in arrival order. */
  public List<ReceivedMetric> metrics() {
    return metrics.metrics();
  }

  /** The points of metric {@code name} that match, in arrival order. */
  public List<ReceivedMetric> metrics(String name, Predicate<ReceivedMetric> filter) {
    return metrics().stream().filter(m -> m.name().equals(name)).filter(filter).toList();
  }

  /**
   * Waits (bounded) until a point of metric {@code name} matches, and returns the latest such point
   * (with cumulative temporality, the series' current value).
   */
  public ReceivedMetric awaitMetric(
      String name, Duration timeout, Predicate<ReceivedMetric> filter) {
    Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !metrics(name, filter).isEmpty());
    List<ReceivedMetric> found = metrics(name, filter);
    return found.get(found.size() - 1);
  }

  public void clearMetrics() {
    metrics.clear();
  }

  /** Metric exports that could not be decoded. */
  public List<String> metricErrors() {
    return metrics.errors();
  }

  /** Exports that could not be decoded or forwarded. */
  public List<String> forwardErrors() {
    return forwarder.errors();
  }

  @Override
  public void close() {
    http.stop(0);
    httpThreads.shutdownNow();
    grpc.shutdownNow();
  }
}
