package io.wsaudit.e2e.otlp;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * A small OTLP/HTTP fan-out receiver on 127.0.0.1: the agent can export to one endpoint only, so
 * the apps export here; every request is decoded (for the tests' assertions and the demo's
 * timeline) and forwarded unchanged to each target (the operator's OTLP/HTTP receiver, and {@code
 * OTEL_EXPORTER_OTLP_ENDPOINT} when the demo is given one).
 */
public final class SpanTap implements AutoCloseable {

  /** One span as received, attributes flattened to strings. */
  public record ReceivedSpan(
      Instant received,
      String scope,
      Map<String, String> resource,
      String name,
      String traceId,
      String spanId,
      Map<String, String> attributes) {
    public String attr(String key) {
      return attributes.get(key);
    }

    public String pod() {
      return resource.get("k8s.pod.name");
    }
  }

  private final HttpServer server;
  private final HttpClient forwarder =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<String> targets = new CopyOnWriteArrayList<>();
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final List<Consumer<ReceivedSpan>> listeners = new CopyOnWriteArrayList<>();
  private final List<String> forwardErrors = new CopyOnWriteArrayList<>();

  public SpanTap() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "span-tap");
              t.setDaemon(true);
              return t;
            }));
    server.createContext(
        "/v1/traces",
        exchange -> {
          try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            for (String target : targets) {
              forward(target, body, type, encoding);
            }
            try {
              InputStream in = new ByteArrayInputStream(body);
              if ("gzip".equalsIgnoreCase(encoding)) {
                in = new GZIPInputStream(in);
              }
              accept(ExportTraceServiceRequest.parseFrom(in));
            } catch (IOException | RuntimeException e) {
              forwardErrors.add("decode: " + e);
            }
            byte[] ok = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
          }
        });
    server.start();
  }

  private void forward(String target, byte[] body, String type, String encoding) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(target + "/v1/traces"))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", type == null ? "application/x-protobuf" : type)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (encoding != null) {
      b.header("Content-Encoding", encoding);
    }
    try {
      HttpResponse<Void> r = forwarder.send(b.build(), HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() / 100 != 2) {
        forwardErrors.add(target + ": HTTP " + r.statusCode());
      }
    } catch (IOException e) {
      forwardErrors.add(target + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void accept(ExportTraceServiceRequest request) {
    Instant now = Instant.now();
    HexFormat hex = HexFormat.of();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      Map<String, String> resource = flatten(rs.getResource().getAttributesList());
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          ReceivedSpan span =
              new ReceivedSpan(
                  now,
                  ss.getScope().getName(),
                  resource,
                  s.getName(),
                  hex.formatHex(s.getTraceId().toByteArray()),
                  hex.formatHex(s.getSpanId().toByteArray()),
                  flatten(s.getAttributesList()));
          spans.add(span);
          listeners.forEach(l -> l.accept(span));
        }
      }
    }
  }

  private static Map<String, String> flatten(List<KeyValue> kvs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (KeyValue kv : kvs) {
      AnyValue v = kv.getValue();
      String s =
          switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> String.valueOf(v.getBoolValue());
            case INT_VALUE -> String.valueOf(v.getIntValue());
            case DOUBLE_VALUE -> String.valueOf(v.getDoubleValue());
            case ARRAY_VALUE ->
                v.getArrayValue().getValuesList().stream()
                    .map(AnyValue::getStringValue)
                    .toList()
                    .toString();
            default -> v.toString();
          };
      out.put(kv.getKey(), s);
    }
    return out;
  }

  /**
   * {@code http://127.0.0.1:PORT}: give this to the agents as {@code OTEL_EXPORTER_OTLP_ENDPOINT}.
   */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Forwards every later request also to this OTLP/HTTP base URL (no {@code /v1/traces}). */
  public void addTarget(String baseUrl) {
    targets.add(baseUrl.replaceAll("/+$", ""));
  }

  public void clearTargets() {
    targets.clear();
  }

  public void onSpan(Consumer<ReceivedSpan> listener) {
    listeners.add(listener);
  }

  public void clearListeners() {
    listeners.clear();
  }

  public List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  public List<String> forwardErrors() {
    return List.copyOf(forwardErrors);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
