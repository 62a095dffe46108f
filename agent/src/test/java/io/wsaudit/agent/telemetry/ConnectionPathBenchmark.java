package io.wsaudit.agent.telemetry;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.wsaudit.contract.WsAuditSpans;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: what one WebSocket connection costs the agent itself, outside any server: the handshake
 * decision and its span, the close frames, the close decision and its span, then batching and the
 * real OTLP exporter's encoding ({@link OtlpHttpSpanExporter}) into a sender that discards the
 * bytes ({@link DiscardingHttpSender}). Everything runs on the benchmark thread ({@link
 * InlineBatchProcessor}), so ns/op and {@code -prof gc}'s bytes/op are the whole per-connection
 * work. Not a test: run by hand ({@code bench/connection-path.sh}, bench/README.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConnectionPathBenchmark {

  private static final int PEERS = 1024; // a power of two: the index is masked

  /** {@code otlp}: batch and encode as the exporter does; {@code none}: spans only. */
  @Param({"otlp", "none"})
  public String export;

  @Param({"IMMUTABLE_DATA", "REUSABLE_DATA"})
  public String memoryMode;

  /**
   * {@code on}: the four instruments record into an SDK meter provider (its reader collects only at
   * export time, so this is the measurement path); {@code off}: {@link WebSocketMetrics#off()}.
   */
  @Param({"off", "on"})
  public String metrics;

  private SdkTracerProvider provider;
  private SdkMeterProvider meterProvider;
  private WebSocketTelemetry telemetry;
  private final InetSocketAddress[] peers = new InetSocketAddress[PEERS];
  private final InetSocketAddress local = new InetSocketAddress("10.1.2.3", 8080);
  private final RequestHeaders headers = new MapHeaders(browserUpgrade());
  private int next;

  @Setup(Level.Trial)
  public void open() {
    SpanProcessor processor = SpanProcessor.composite();
    if (export.equals("otlp")) {
      SpanExporter exporter =
          OtlpHttpSpanExporter.builder()
              .setEndpoint("http://127.0.0.1:4318/v1/traces")
              .setMemoryMode(MemoryMode.valueOf(memoryMode))
              .setComponentLoader(DiscardingHttpSender.LOADER)
              .build();
      processor = new InlineBatchProcessor(exporter, TelemetrySdk.DEFAULT_MAX_EXPORT_BATCH_SIZE);
    }
    provider = SdkTracerProvider.builder().addSpanProcessor(processor).build();
    meterProvider =
        SdkMeterProvider.builder()
            .registerMetricReader(
                InMemoryMetricReader.builder()
                    .setMemoryMode(MemoryMode.valueOf(memoryMode))
                    .build())
            .build();
    SpanCounters counters = new SpanCounters();
    telemetry =
        TestTelemetry.of(
            provider.get(WsAuditSpans.SCOPE_NAME),
            List.of(),
            100_000,
            counters,
            metrics.equals("on")
                ? WebSocketMetrics.create(meterProvider.get(WsAuditSpans.SCOPE_NAME), counters)
                : WebSocketMetrics.off());
    for (int i = 0; i < PEERS; i++) {
      peers[i] = new InetSocketAddress("10.9.8." + (i & 0xff), 30_000 + i);
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    provider.shutdown().join(10, TimeUnit.SECONDS);
    meterProvider.shutdown().join(10, TimeUnit.SECONDS);
  }

  /** One connection: upgrade, client close frame, server close frame, gone. */
  @Benchmark
  public void connection() {
    HandshakeDecision d =
        new HandshakeDecision()
            .server("undertow")
            .method("GET")
            .path("/ws")
            .protocol("HTTP/1.1")
            .status(101)
            .upgraded(true)
            .keepAlive(Boolean.TRUE)
            .peer(peers[next++ & (PEERS - 1)])
            .local(local)
            .headers(headers)
            .startEpochNanos(telemetry.now());
    telemetry.handshake(d);
    long key = d.connectionKey();
    telemetry.closeFrameReceived(key, 1000, "bye");
    telemetry.closeFrameSent(key, 1000, "bye");
    telemetry.connectionGone(key, WsAuditSpans.Cause.EOF);
  }

  /** The headers a browser's upgrade carries (as the bench's JDK client sends them, and more). */
  private static Map<String, List<String>> browserUpgrade() {
    return Map.of(
        "host", List.of("app.example.com"),
        "user-agent",
            List.of(
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"),
        "origin", List.of("https://app.example.com"),
        "connection", List.of("Upgrade"),
        "upgrade", List.of("websocket"),
        "sec-websocket-version", List.of("13"),
        "sec-websocket-key", List.of("dGhlIHNhbXBsZSBub25jZQ=="),
        "x-forwarded-for", List.of("203.0.113.7"));
  }

  private static final class MapHeaders implements RequestHeaders {
    private final Map<String, List<String>> headers;

    MapHeaders(Map<String, List<String>> headers) {
      this.headers = headers;
    }

    @Override
    public List<String> values(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
  }
}
