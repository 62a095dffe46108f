package io.wsaudit.agent.telemetry;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The agent's {@code OTEL_*} settings, resolved as SDK autoconfiguration resolves them (our
 * defaults under system properties and environment, then the exporter-name overrides of {@link
 * TracesExporterNames}) without building anything: cheap enough for premain, so that {@link
 * TelemetrySdk} itself can be built beside the application's start ({@link StartingTelemetrySdk}).
 * The SDK is autoconfigured from the same defaults and overrides, so both read the same values.
 */
public final class SdkSettings {

  private final ConfigProperties config;
  private final Map<String, String> override;
  private final String exporter;
  private final String metricsExporter;

  private SdkSettings(ConfigProperties config, Map<String, String> override) {
    this.config = config;
    this.override = override;
    this.exporter = exporterName(TracesExporterNames.KEY);
    this.metricsExporter = exporterName(TracesExporterNames.METRICS_KEY);
  }

  /** Reads system properties and environment now; says once which exporter names it refuses. */
  public static SdkSettings resolve() {
    DefaultConfigProperties raw =
        DefaultConfigProperties.create(
            defaults(), ComponentLoader.forClassLoader(SdkSettings.class.getClassLoader()));
    Map<String, String> override =
        new HashMap<>(TracesExporterNames.override(raw.getString(TracesExporterNames.KEY)));
    override.putAll(
        TracesExporterNames.override(
            TracesExporterNames.METRICS_KEY, raw.getString(TracesExporterNames.METRICS_KEY)));
    return new SdkSettings(raw.withOverrides(override), Map.copyOf(override));
  }

  /**
   * Defaults under the user's settings: traces and metrics (the agent records no logs), both OTLP
   * over http/protobuf, the specification's default (the SDK alone would pick grpc), to the same
   * endpoint, and the exporters' reusable-data memory mode.
   */
  static Map<String, String> defaults() {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
    defaults.put("otel.metrics.exporter", "otlp");
    defaults.put("otel.logs.exporter", "none");
    defaults.put(
        "otel.attribute.value.length.limit",
        String.valueOf(TelemetrySdk.DEFAULT_VALUE_LENGTH_LIMIT));
    defaults.put(
        "otel.bsp.max.export.batch.size",
        String.valueOf(TelemetrySdk.DEFAULT_MAX_EXPORT_BATCH_SIZE));
    // Half the bytes allocated per connection in the application's heap (ConnectionPathBenchmark:
    // 6.6 -> 3.3 KB), same CPU; safe because the batch processor never exports concurrently.
    defaults.put("otel.java.exporter.memory_mode", "reusable_data");
    return defaults;
  }

  /**
   * The exporter names this jar does not carry, replaced (autoconfigure's properties customizer).
   */
  Map<String, String> override() {
    return override;
  }

  private String exporterName(String key) {
    return config.getString(key, "otlp").trim();
  }

  /** Whether metrics are exported at all: {@code otel.metrics.exporter} is not {@code none}. */
  boolean metricsOn() {
    return !metricsExporter.equals("none");
  }

  /** The attribute value length limit in force, as the SDK reads it (span-specific key first). */
  int attributeValueLengthLimit() {
    Integer general = config.getInt("otel.attribute.value.length.limit");
    Integer span = config.getInt("otel.span.attribute.value.length.limit");
    int limit =
        span != null ? span : general != null ? general : TelemetrySdk.DEFAULT_VALUE_LENGTH_LIMIT;
    return limit > 0 ? limit : TelemetrySdk.DEFAULT_VALUE_LENGTH_LIMIT;
  }

  /** Spans that may wait for export without loss: the batch queue plus one batch in flight. */
  long spansThatMayWait() {
    return config.getInt("otel.bsp.max.queue.size", 2048)
        + config.getInt(
            "otel.bsp.max.export.batch.size", TelemetrySdk.DEFAULT_MAX_EXPORT_BATCH_SIZE);
  }

  /** A short description of where spans go, for the startup line. */
  String exporterDescription() {
    return describe(exporter, "traces");
  }

  /** The same for metrics, with the export interval. */
  String metricsDescription() {
    if (!metricsOn()) {
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
}
