package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import java.util.function.Supplier;

/**
 * A tracer whose SDK is still being built ({@link StartingTelemetrySdk}): each span asks for it
 * until it is there, then the SDK's tracer is kept. A span that finds none gets a no-op builder and
 * is counted as dropped, never lost silently.
 */
final class AwaitedTracer implements Tracer {

  private static final Tracer NOOP = OpenTelemetry.noop().getTracer("wsaudit");

  private final Supplier<Tracer> resolve;
  private final SpanCounters counters;
  private volatile Tracer tracer;

  /** {@code resolve} waits (bounded) for the SDK's tracer, null when there is none. */
  AwaitedTracer(Supplier<Tracer> resolve, SpanCounters counters) {
    this.resolve = resolve;
    this.counters = counters;
  }

  @Override
  public SpanBuilder spanBuilder(String spanName) {
    Tracer t = tracer;
    if (t == null) {
      t = resolve.get();
      if (t == null) {
        counters.droppedBeforeSdk.incrementAndGet();
        return NOOP.spanBuilder(spanName);
      }
      tracer = t;
    }
    return t.spanBuilder(spanName);
  }
}
