package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.wsaudit.contract.WsAuditSpans;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The agent's own OpenTelemetry SDK, configured by the standard {@code OTEL_*} variables through
 * SDK autoconfiguration. It is private to the agent (relocated, never registered as the global
 * instance), so an application's own OpenTelemetry setup is untouched (autoconfigure does not set
 * the global unless asked). Traces and metrics are exported (docs/metrics.md), logs never.
 */
public final class TelemetrySdk implements TelemetryBackend {

  /**
   * Characters per attribute value unless {@code OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT} (or its span
   * twin) says otherwise: plenty for any honest header, path or reason.
   */
  public static final int DEFAULT_VALUE_LENGTH_LIMIT = 1024;

  /**
   * Spans per export unless {@code OTEL_BSP_MAX_EXPORT_BATCH_SIZE} says otherwise: with a span
   * bounded to about 20 KiB (docs/agent.md), 128 of them stay under a receiver's 4 MiB limit.
   */
  static final int DEFAULT_MAX_EXPORT_BATCH_SIZE = 128;

  private final OpenTelemetrySdk sdk;
  private final ConfigProperties config;
  private final String exporter;
  private final String metricsExporter;
  private final SpanCounters counters;

  private TelemetrySdk(
      OpenTelemetrySdk sdk,
      ConfigProperties config,
      String exporter,
      String metricsExporter,
      SpanCounters counters) {
    this.sdk = sdk;
    this.config = config;
    this.exporter = exporter;
    this.metricsExporter = metricsExporter;
    this.counters = counters;
  }

  public static TelemetrySdk create(SpanCounters counters) {
    AtomicReference<ConfigProperties> config = new AtomicReference<>();
    AtomicReference<String> exporterName = new AtomicReference<>();
    AtomicReference<String> metricsName = new AtomicReference<>();
    AutoConfiguredOpenTelemetrySdk auto =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(TelemetrySdk::defaults)
            .addPropertiesCustomizer(
                resolved -> {
                  Map<String, String> override =
                      new HashMap<>(
                          TracesExporterNames.override(
                              resolved.getString(TracesExporterNames.KEY)));
                  override.putAll(
                      TracesExporterNames.override(
                          TracesExporterNames.METRICS_KEY,
                          resolved.getString(TracesExporterNames.METRICS_KEY)));
                  config.set(resolved);
                  exporterName.set(exporterName(resolved, override, TracesExporterNames.KEY));
                  metricsName.set(
                      exporterName(resolved, override, TracesExporterNames.METRICS_KEY));
                  return override;
                })
            .addSpanExporterCustomizer(
                (exporter, cfg) -> new CountingSpanExporter(exporter, counters))
            .disableShutdownHook()
            .build();
    return new TelemetrySdk(
        auto.getOpenTelemetrySdk(), config.get(), exporterName.get(), metricsName.get(), counters);
  }

  private static String exporterName(
      ConfigProperties resolved, Map<String, String> override, String key) {
    return override.getOrDefault(key, resolved.getString(key, "otlp")).trim();
  }

  /**
   * Defaults under the user's settings: traces and metrics (the agent records no logs), both OTLP
   * over http/protobuf, the specification's default (the SDK alone would pick grpc), to the same
   * endpoint, and the exporters' reusable-data memory mode.
   */
  private static Map<String, String> defaults() {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
    defaults.put("otel.metrics.exporter", "otlp");
    defaults.put("otel.logs.exporter", "none");
    defaults.put("otel.attribute.value.length.limit", String.valueOf(DEFAULT_VALUE_LENGTH_LIMIT));
    defaults.put("otel.bsp.max.export.batch.size", String.valueOf(DEFAULT_MAX_EXPORT_BATCH_SIZE));
    // Half the bytes allocated per connection in the application's heap (ConnectionPathBenchmark:
    // 6.6 -> 3.3 KB), same CPU; safe because the batch processor never exports concurrently.
    defaults.put("otel.java.exporter.memory_mode", "reusable_data");
    return defaults;
  }

  /** The one OpenTelemetry instance both the tracer and the meter come from. */
  @Override
  public OpenTelemetry openTelemetry() {
    return sdk;
  }

  @Override
  public Tracer tracer(String version) {
    return openTelemetry()
        .getTracerProvider()
        .tracerBuilder(WsAuditSpans.SCOPE_NAME)
        .setInstrumentationVersion(version)
        .build();
  }

  /**
   * The agent's metrics on {@link #openTelemetry()}'s meter, or {@link WebSocketMetrics#off()} when
   * {@code otel.metrics.exporter} is {@code none}: then no instrument exists at all.
   */
  @Override
  public WebSocketMetrics metrics(String version) {
    if (metricsExporter.equals("none")) {
      return WebSocketMetrics.off();
    }
    Meter meter =
        openTelemetry()
            .getMeterProvider()
            .meterBuilder(WsAuditSpans.SCOPE_NAME)
            .setInstrumentationVersion(version)
            .build();
    return WebSocketMetrics.create(meter, counters);
  }

  /** The attribute value length limit in force, as the SDK reads it (span-specific key first). */
  @Override
  public int attributeValueLengthLimit() {
    Integer general = config.getInt("otel.attribute.value.length.limit");
    Integer span = config.getInt("otel.span.attribute.value.length.limit");
    int limit = span != null ? span : general != null ? general : DEFAULT_VALUE_LENGTH_LIMIT;
    return limit > 0 ? limit : DEFAULT_VALUE_LENGTH_LIMIT;
  }

  /** Spans that may wait for export without loss: the batch queue plus one batch in flight. */
  @Override
  public long spansThatMayWait() {
    return config.getInt("otel.bsp.max.queue.size", 2048)
        + config.getInt("otel.bsp.max.export.batch.size", DEFAULT_MAX_EXPORT_BATCH_SIZE);
  }

  /** A short description of where spans go, for the startup line. */
  @Override
  public String exporterDescription() {
    return describe(exporter, "traces");
  }

  /** The same for metrics, with the export interval. */
  @Override
  public String metricsDescription() {
    if (metricsExporter.equals("none")) {
      return metricsExporter;
    }
    Duration every = config.getDuration("otel.metric.export.interval", Duration.ofMinutes(1));
    return describe(metricsExporter, "metrics") + " every " + every.toMillis() / 1000.0 + " s";
  }

  private String describe(String name, String signal) {
    if (!name.contains("otlp")) {
      return name;
    }
    String protocol =
        config.getString(
            "otel.exporter.otlp." + signal + ".protocol",
            config.getString("otel.exporter.otlp.protocol", "http/protobuf"));
    String endpoint =
        config.getString(
            "otel.exporter.otlp." + signal + ".endpoint",
            config.getString(
                "otel.exporter.otlp.endpoint",
                protocol.equals("grpc") ? "http://localhost:4317" : "http://localhost:4318"));
    return name + " " + protocol + " " + endpoint;
  }

  /**
   * Flushes and stops the SDK within {@code timeout}; used from the agent's shutdown hook. Spans
   * still queued past the bound are counted as dropped or pending. The flush exports the metrics
   * too, so the closes of the last connections (the shutdown's own) reach the backend.
   */
  @Override
  public void shutdown(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    CompletableResultCode.ofAll(
            List.of(
                sdk.getSdkTracerProvider().forceFlush(), sdk.getSdkMeterProvider().forceFlush()))
        .join(timeout.toMillis(), TimeUnit.MILLISECONDS);
    long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    sdk.shutdown().join(left, TimeUnit.MILLISECONDS);
  }

  @Override
  public boolean exportsItself() {
    return true;
  }

  @Override
  public SpanCounters counters() {
    return counters;
  }
}
