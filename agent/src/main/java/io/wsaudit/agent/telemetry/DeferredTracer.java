package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import java.util.function.Supplier;

/**
 * A tracer taken from its provider on the first span: in extension mode the OpenTelemetry agent
 * registers its SDK only after its extensions are installed, and asking for the global instance
 * before that would fix it to a no-op one for the whole JVM.
 */
final class DeferredTracer implements Tracer {

  private final Supplier<Tracer> resolve;
  private volatile Tracer tracer;

  DeferredTracer(Supplier<Tracer> resolve) {
    this.resolve = resolve;
  }

  @Override
  public SpanBuilder spanBuilder(String spanName) {
    Tracer t = tracer;
    if (t == null) {
      t = resolve.get();
      tracer = t;
    }
    return t.spanBuilder(spanName);
  }
}
