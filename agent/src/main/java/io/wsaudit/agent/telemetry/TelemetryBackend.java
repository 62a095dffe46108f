package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.wsaudit.contract.WsAuditSpans;
import java.time.Duration;

/**
 * Where the agent's telemetry goes: its own SDK ({@link TelemetrySdk}, standalone) or the
 * OpenTelemetry Java agent's ({@link OtelAgentTelemetry}, extension mode). {@link #openTelemetry()}
 * is the one accessor for the instance that tracers (and meters) come from.
 */
public interface TelemetryBackend {

  /**
   * The OpenTelemetry instance. In extension mode it exists only once the OpenTelemetry agent has
   * finished its premain: take tracers and meters from it when first used, not while installing.
   */
  OpenTelemetry openTelemetry();

  /** Our meter on {@link #openTelemetry()}'s meter provider; take it when first measuring. */
  default Meter meter(String version) {
    return openTelemetry()
        .getMeterProvider()
        .meterBuilder(WsAuditSpans.SCOPE_NAME)
        .setInstrumentationVersion(version)
        .build();
  }

  /** Our tracer, safe to take while installing (resolved on its first span in extension mode). */
  Tracer tracer(String version);

  /**
   * The agent's WebSocket metrics (docs/metrics.md) on this backend's meter provider, or {@link
   * WebSocketMetrics#off()} when metrics are switched off.
   */
  WebSocketMetrics metrics(String version);

  /** A short description of where metrics go, for the startup line. */
  String metricsDescription();

  /** The attribute value length limit header capture applies. */
  int attributeValueLengthLimit();

  SpanCounters counters();

  /** Whether our own exporter sends the spans, so that {@link #counters()} sees their fate. */
  boolean exportsItself();

  /** Spans that may wait for export without loss; {@code Long.MAX_VALUE} when we cannot see it. */
  long spansThatMayWait();

  /** A short description of where spans go, for the startup line. */
  String exporterDescription();

  /** Flushes what we own at JVM stop, within {@code timeout}. */
  void shutdown(Duration timeout);
}
