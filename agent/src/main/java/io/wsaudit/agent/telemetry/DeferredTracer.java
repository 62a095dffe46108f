package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tracer the families get at start-up, while the SDK is still being built off the main thread
 * ({@link TelemetrySdk#start}). Once the SDK is there it is a plain hand-over to the SDK's tracer. A span asked for
 * before that (a connection in the first moments of the application) waits for the SDK, at most
 * {@code maxWaitMillis}; past that, or when the SDK could not be built, the span goes to a no-op tracer, and the
 * agent's counters show it as emitted and not exported.
 */
final class DeferredTracer implements Tracer {

  private static final Tracer NOOP = OpenTelemetry.noop().getTracer("wsaudit-noop");

  private final CompletableFuture<Tracer> tracer;
  private final long maxWaitMillis;

  DeferredTracer(CompletableFuture<Tracer> tracer, long maxWaitMillis) {
    this.tracer = tracer;
    this.maxWaitMillis = maxWaitMillis;
  }

  @Override
  public SpanBuilder spanBuilder(String spanName) {
    Tracer ready = tracer.getNow(null);
    return (ready != null ? ready : await()).spanBuilder(spanName);
  }

  private Tracer await() {
    try {
      return tracer.get(maxWaitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return NOOP;
    } catch (ExecutionException | TimeoutException e) {
      return NOOP;
    }
  }
}
