package io.wsaudit.agent.it;

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
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.awaitility.Awaitility;

/**
 * An in-test OTLP receiver on 127.0.0.1: OTLP/HTTP (protobuf) and OTLP/gRPC, collecting every span
 * it gets.
 */
public final class OtlpCollector implements AutoCloseable {

  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final HttpServer http;
  private final Server grpc;

  public OtlpCollector() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/v1/traces",
        exchange -> {
          try (InputStream raw = exchange.getRequestBody()) {
            InputStream in =
                "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(raw)
                    : raw;
            accept(ExportTraceServiceRequest.parseFrom(in));
            byte[] body = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          } catch (IOException | RuntimeException e) {
            exchange.sendResponseHeaders(400, -1);
          } finally {
            exchange.close();
          }
        });
    // More than one exchange at a time: two agents in one JVM export side by side
    // (OtelAgentOrderIT).
    http.setExecutor(
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "otlp-collector");
              t.setDaemon(true);
              return t;
            }));
    http.start();
    grpc =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                new TraceServiceGrpc.TraceServiceImplBase() {
                  @Override
                  public void export(
                      ExportTraceServiceRequest request,
                      StreamObserver<ExportTraceServiceResponse> responseObserver) {
                    accept(request);
                    responseObserver.onNext(ExportTraceServiceResponse.getDefaultInstance());
                    responseObserver.onCompleted();
                  }
                })
            .build()
            .start();
  }

  private void accept(ExportTraceServiceRequest request) {
    for (ResourceSpans rs : request.getResourceSpansList()) {
      Map<String, Object> resource = ReceivedSpan.toMap(rs.getResource().getAttributesList());
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          spans.add(new ReceivedSpan(ss.getScope().getName(), resource, span));
        }
      }
    }
  }

  public String httpEndpoint() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  public String grpcEndpoint() {
    return "http://127.0.0.1:" + grpc.getPort();
  }

  public List<ReceivedSpan> spans() {
    return new ArrayList<>(spans);
  }

  public List<ReceivedSpan> spans(Predicate<ReceivedSpan> filter) {
    return spans.stream().filter(filter).collect(Collectors.toList());
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

  @Override
  public void close() {
    http.stop(0);
    grpc.shutdownNow();
  }
}
