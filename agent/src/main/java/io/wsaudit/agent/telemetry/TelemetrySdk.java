package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.wsaudit.contract.WsAuditSpans;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agent's own OpenTelemetry SDK, configured by the standard {@code OTEL_*} variables through
 * SDK autoconfiguration ({@link SdkSettings}). It is private to the agent (relocated, never
 * registered as the global instance), so an application's own OpenTelemetry setup is untouched
 * (autoconfigure does not set the global unless asked). Traces and metrics are exported
 * (docs/metrics.md), logs never.
 */
public final class TelemetrySdk extends OwnSdkBackend {

  /**
   * Characters per attribute value unless {@code OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT} (or its span
   * twin) says otherwise: plenty for any honest header, path or reason.
   */
  public static final int DEFAULT_VALUE_LENGTH_LIMIT = 1024;

  /**
   * Spans per batch unless {@code OTEL_BSP_MAX_EXPORT_BATCH_SIZE} says otherwise. An export's CPU
   * is per HTTP request, not per span (bench/README.md, "Where the time goes", 11: 512 took the
   * OkHttp sender's 63 -> 45 µs per connection); {@link SizeBoundedSpanExporter} keeps a batch of
   * huge spans (about 20 KiB each at worst, docs/agent.md) under a receiver's 4 MiB limit.
   */
  static final int DEFAULT_MAX_EXPORT_BATCH_SIZE = 512;

  private final OpenTelemetrySdk sdk;

  private TelemetrySdk(OpenTelemetrySdk sdk, SdkSettings settings, SpanCounters counters) {
    super(settings, counters);
    this.sdk = sdk;
  }

  /** Resolves the settings and builds the SDK, on the calling thread. */
  public static TelemetrySdk create(SpanCounters counters) {
    return create(SdkSettings.resolve(), counters);
  }

  /**
   * Builds the SDK from the same defaults and exporter-name overrides {@code settings} resolved, so
   * that autoconfiguration reads the values the settings report.
   */
  public static TelemetrySdk create(SdkSettings settings, SpanCounters counters) {
    AutoConfiguredOpenTelemetrySdk auto =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(SdkSettings::defaults)
            .addPropertiesCustomizer(resolved -> settings.override())
            .addSpanExporterCustomizer(
                (exporter, cfg) ->
                    new CountingSpanExporter(
                        new SizeBoundedSpanExporter(
                            exporter, SizeBoundedSpanExporter.DEFAULT_BUDGET),
                        counters))
            .setComponentLoader(
                new SendersAtFirstExport(
                    ComponentLoader.forClassLoader(TelemetrySdk.class.getClassLoader())))
            .disableShutdownHook()
            .build();
    return new TelemetrySdk(auto.getOpenTelemetrySdk(), settings, counters);
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
    if (!settings.metricsOn()) {
      return WebSocketMetrics.off();
    }
    return WebSocketMetrics.create(meter(version), counters);
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
}
