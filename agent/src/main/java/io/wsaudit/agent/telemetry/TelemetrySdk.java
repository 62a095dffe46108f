package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.wsaudit.contract.WsAuditSpans;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The agent's own OpenTelemetry SDK, configured by the standard {@code OTEL_*} variables through SDK
 * autoconfiguration. It is private to the agent (relocated, never registered as the global instance), so an
 * application's own OpenTelemetry setup is untouched (autoconfigure does not set the global unless asked). Only traces are exported.
 */
public final class TelemetrySdk {

  /** How long a span asked for before the SDK is built may wait for it (only in the first moments of a run). */
  static final long MAX_WAIT_FOR_SDK_MILLIS = 3_000;

  private final SpanCounters counters;
  private final CompletableFuture<Built> built = new CompletableFuture<>();
  private final CompletableFuture<Tracer> tracer = new CompletableFuture<>();

  private TelemetrySdk(SpanCounters counters) {
    this.counters = counters;
  }

  /** The SDK and the configuration it was built from. */
  private static final class Built {
    final OpenTelemetrySdk sdk;
    final ConfigProperties config;

    Built(OpenTelemetrySdk sdk, ConfigProperties config) {
      this.sdk = sdk;
      this.config = config;
    }
  }

  /**
   * Starts building the SDK on a daemon thread and returns at once: autoconfiguration, its service lookups and the
   * exporter (the JDK HTTP client sets up TLS even for plain http) cost the application's start-up about a second
   * on the main thread, while the families' hooks need a tracer only when the first WebSocket handshake completes.
   */
  public static TelemetrySdk start(SpanCounters counters, String version) {
    TelemetrySdk sdk = new TelemetrySdk(counters);
    Thread init = new Thread(() -> sdk.build(version), "wsaudit-sdk-init");
    init.setDaemon(true);
    init.start();
    return sdk;
  }

  private void build(String version) {
    try {
      Built result = create(counters);
      tracer.complete(result.sdk.getTracerProvider().tracerBuilder(WsAuditSpans.SCOPE_NAME)
          .setInstrumentationVersion(version).build());
      built.complete(result);
    } catch (Throwable t) {
      tracer.completeExceptionally(t);
      built.completeExceptionally(t);
    }
  }

  private static Built create(SpanCounters counters) {
    AtomicReference<ConfigProperties> config = new AtomicReference<>();
    AutoConfiguredOpenTelemetrySdk auto = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(TelemetrySdk::defaults)
        .addPropertiesCustomizer(resolved -> {
          config.set(resolved);
          return Map.of();
        })
        .addSpanExporterCustomizer((exporter, cfg) -> new CountingSpanExporter(exporter, counters))
        .disableShutdownHook()
        .build();
    return new Built(auto.getOpenTelemetrySdk(), config.get());
  }

  /**
   * Runs {@code ready} with the exporter's description once the SDK is built, or {@code failed} with the reason it
   * could not be (spans are then not recorded); on the SDK's thread.
   */
  public void whenBuilt(Consumer<String> ready, Consumer<Throwable> failed) {
    built.whenComplete((result, error) -> {
      if (error != null) {
        failed.accept(error);
      } else {
        ready.accept(exporterDescription(result.config));
      }
    });
  }

  /**
   * Defaults under the user's settings: traces only (the agent records no metrics or logs), and OTLP over
   * http/protobuf, the specification's default (the SDK alone would pick grpc).
   */
  private static Map<String, String> defaults() {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
    defaults.put("otel.metrics.exporter", "none");
    defaults.put("otel.logs.exporter", "none");
    return defaults;
  }

  /** The tracer for the families; usable at once (see {@link DeferredTracer}). */
  public Tracer tracer() {
    return new DeferredTracer(tracer, MAX_WAIT_FOR_SDK_MILLIS);
  }

  /** A short description of where spans go, for the startup line. */
  private static String exporterDescription(ConfigProperties config) {
    String exporter = config.getString("otel.traces.exporter", "otlp");
    if (!exporter.contains("otlp")) {
      return exporter;
    }
    String protocol = config.getString("otel.exporter.otlp.traces.protocol",
        config.getString("otel.exporter.otlp.protocol", "http/protobuf"));
    String endpoint = config.getString("otel.exporter.otlp.traces.endpoint",
        config.getString("otel.exporter.otlp.endpoint",
            protocol.equals("grpc") ? "http://localhost:4317" : "http://localhost:4318"));
    return exporter + " " + protocol + " " + endpoint;
  }

  /**
   * Flushes and stops the SDK within a few seconds; used from the agent's shutdown hook. An SDK still being built
   * is waited for (bounded), so that spans the families handed over early are flushed too.
   */
  public void shutdown() {
    try {
      built.get(MAX_WAIT_FOR_SDK_MILLIS, TimeUnit.MILLISECONDS).sdk.shutdown().join(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // never built: nothing to flush
    }
  }

  public SpanCounters counters() {
    return counters;
  }
}
