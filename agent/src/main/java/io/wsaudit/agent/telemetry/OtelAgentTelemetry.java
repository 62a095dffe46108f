package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.wsaudit.contract.WsAuditSpans;
import java.time.Duration;
import java.util.Map;

/**
 * Extension mode: the OpenTelemetry Java agent's SDK. In this mode our API names are the agent's
 * ({@code AgentClassLoader}), so {@link GlobalOpenTelemetry} is the instance the agent registered:
 * its tracer provider, sampler, resource and exporter. We build no SDK and export nothing
 * ourselves; the agent flushes at its own shutdown.
 */
public final class OtelAgentTelemetry implements TelemetryBackend {

  private final SpanCounters counters;
  private final int valueLengthLimit;

  public OtelAgentTelemetry(SpanCounters counters, Map<String, String> environment) {
    this.counters = counters;
    this.valueLengthLimit = valueLengthLimit(environment);
  }

  @Override
  public OpenTelemetry openTelemetry() {
    return GlobalOpenTelemetry.get();
  }

  @Override
  public Tracer tracer(String version) {
    return new DeferredTracer(
        () ->
            openTelemetry()
                .getTracerProvider()
                .tracerBuilder(WsAuditSpans.SCOPE_NAME)
                .setInstrumentationVersion(version)
                .build(),
        counters());
  }

  /**
   * Our instruments on the OpenTelemetry agent's meter provider, built at the first measurement
   * (its global instance exists only after its premain); its exporter and {@code
   * OTEL_METRICS_EXPORTER} decide where they go.
   */
  @Override
  public WebSocketMetrics metrics(String version) {
    return WebSocketMetrics.deferred(() -> meter(version), counters());
  }

  @Override
  public String metricsDescription() {
    return "the OpenTelemetry Java agent's meter provider and exporter";
  }

  /**
   * Header capture keeps our bound unless the user set the SDK's: the agent's SDK has no limit of
   * its own by default.
   */
  private static int valueLengthLimit(Map<String, String> environment) {
    for (String key :
        new String[] {
          "otel.span.attribute.value.length.limit", "otel.attribute.value.length.limit"
        }) {
      String value = System.getProperty(key);
      if (value == null) {
        value = environment.get(key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
      }
      try {
        int limit = value == null ? 0 : Integer.parseInt(value.trim());
        if (limit > 0) {
          return limit;
        }
      } catch (NumberFormatException ignored) {
        // the agent's SDK reports its own configuration errors
      }
    }
    return TelemetrySdk.DEFAULT_VALUE_LENGTH_LIMIT;
  }

  @Override
  public int attributeValueLengthLimit() {
    return valueLengthLimit;
  }

  @Override
  public SpanCounters counters() {
    return counters;
  }

  @Override
  public boolean exportsItself() {
    return false;
  }

  @Override
  public long spansThatMayWait() {
    return Long.MAX_VALUE;
  }

  @Override
  public String exporterDescription() {
    return "the OpenTelemetry Java agent's tracer provider and exporter";
  }

  @Override
  public void shutdown(Duration timeout) {
    // The agent's SDK is the agent's to flush.
  }
}
