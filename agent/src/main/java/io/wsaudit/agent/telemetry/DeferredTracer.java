package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import java.util.function.Supplier;

/**
 * A tracer taken from its provider on the first span that finds one, then kept. In extension mode
 * the OpenTelemetry agent registers its SDK only after its extensions are installed, and asking for
 * the global instance before that would fix it to a no-op one for the whole JVM. Standalone, our
 * SDK is still being built ({@link StartingTelemetrySdk}): a span that finds none (the supplier
 * gives null) gets a no-op builder and is counted as dropped, never lost silently.
 */
final class DeferredTracer implements Tracer {

  private static final Tracer NOOP = OpenTelemetry.noop().getTracer("wsaudit");

  private final Supplier<Tracer> resolve;
  private final SpanCounters counters;
  private volatile Tracer tracer;

  /** {@code resolve} gives the provider's tracer, or null when there is none (yet). */
  DeferredTracer(Supplier<Tracer> resolve, SpanCounters counters) {
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
