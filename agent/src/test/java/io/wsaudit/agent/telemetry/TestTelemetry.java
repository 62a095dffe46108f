package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@link WebSocketTelemetry} as the tests build it: the default clock, a 1 s early-close threshold,
 * the SDK's default attribute length; no metrics unless given.
 */
public final class TestTelemetry {

  private TestTelemetry() {}

  public static WebSocketTelemetry of(
      Tracer tracer, List<String> extraHeaders, int maxOpenConnections, SpanCounters counters) {
    return of(tracer, extraHeaders, maxOpenConnections, counters, WebSocketMetrics.off());
  }

  public static WebSocketTelemetry of(
      Tracer tracer,
      List<String> extraHeaders,
      int maxOpenConnections,
      SpanCounters counters,
      WebSocketMetrics metrics) {
    return new WebSocketTelemetry(
        tracer,
        Clock.getDefault(),
        Duration.ofSeconds(1),
        extraHeaders,
        maxOpenConnections,
        counters,
        TelemetrySdk.DEFAULT_VALUE_LENGTH_LIMIT,
        metrics);
  }
}
