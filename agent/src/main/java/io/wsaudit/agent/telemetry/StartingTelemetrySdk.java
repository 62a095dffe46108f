package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.wsaudit.agent.log.AgentLog;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Our SDK, built on a daemon thread started first in premain, so that autoconfiguration, the
 * exporters and their HTTP client load beside ByteBuddy's installation and the application's own
 * start instead of before them. Everything the installer needs at once comes from {@link
 * SdkSettings}; the first span waits for the SDK, at most {@link #FIRST_SPAN_WAIT}. Spans that find
 * no SDK (not built in time, or failed) are counted ({@link SpanCounters#droppedBeforeSdk()}) and
 * said once.
 */
public final class StartingTelemetrySdk extends OwnSdkBackend {

  /** How long a span waits for the SDK; it takes 0.1 to 0.3 s on an idle machine. */
  static final Duration FIRST_SPAN_WAIT = Duration.ofSeconds(10);

  private final Duration wait;
  private final CompletableFuture<TelemetrySdk> sdk = new CompletableFuture<>();

  // Set once a wait ran out: from then on no server thread waits again, spans drop until the SDK is
  // there (a slow SDK must cost the application one bounded wait, not one per span).
  private volatile boolean gaveUpWaiting;

  StartingTelemetrySdk(
      SdkSettings settings, SpanCounters counters, Supplier<TelemetrySdk> build, Duration wait) {
    super(settings, counters);
    this.wait = wait;
    Thread starter = new Thread(() -> build(build), "wsaudit-sdk-start");
    starter.setDaemon(true);
    starter.start();
  }

  /** Starts building the SDK of {@code settings} now, on its own thread. */
  public static StartingTelemetrySdk start(SdkSettings settings, SpanCounters counters) {
    return new StartingTelemetrySdk(
        settings, counters, () -> TelemetrySdk.create(settings, counters), FIRST_SPAN_WAIT);
  }

  private void build(Supplier<TelemetrySdk> build) {
    long start = System.nanoTime();
    try {
      sdk.complete(build.get());
      AgentLog.debug("SDK built in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    } catch (Throwable t) {
      AgentLog.info("the OpenTelemetry SDK did not start, spans are dropped (counted): " + t);
      sdk.complete(null);
    }
  }

  /** The SDK, waiting for it at most {@code bound}; null if it is not there by then. */
  TelemetrySdk sdk(Duration bound) {
    try {
      return sdk.get(bound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }

  /** The SDK after the bounded wait, or null: then the caller's telemetry is dropped. */
  private TelemetrySdk awaited() {
    if (sdk.isDone() || gaveUpWaiting) {
      return sdk.getNow(null);
    }
    long start = System.nanoTime();
    TelemetrySdk built = sdk(wait);
    AgentLog.debug("a span waited " + (System.nanoTime() - start) / 1_000_000 + " ms for the SDK");
    if (built == null) {
      gaveUpWaiting = true;
      AgentLog.warnOnce(
          "sdk-wait",
          "the OpenTelemetry SDK was not ready after "
              + wait.toMillis()
              + " ms: spans are dropped until it is (counted in the report)",
          null);
    }
    return built;
  }

  @Override
  public OpenTelemetry openTelemetry() {
    TelemetrySdk built = awaited();
    return built == null ? OpenTelemetry.noop() : built.openTelemetry();
  }

  @Override
  public Tracer tracer(String version) {
    return new DeferredTracer(
        () -> {
          TelemetrySdk built = awaited();
          return built == null ? null : built.tracer(version);
        },
        counters);
  }

  /**
   * Instruments made at the first measurement on the SDK's meter (which that measurement waits
   * for); none at all when {@code otel.metrics.exporter} is {@code none}.
   */
  @Override
  public WebSocketMetrics metrics(String version) {
    if (!settings.metricsOn()) {
      return WebSocketMetrics.off();
    }
    return WebSocketMetrics.deferred(() -> meter(version), counters);
  }

  /**
   * premain failed after the SDK's start: once built, the SDK is shut down on a thread of its own,
   * so that no batch or exporter thread outlives an agent that never ran (and premain, which calls
   * this, does not wait for it).
   */
  public void abandon() {
    sdk.thenAcceptAsync(
        built -> {
          if (built != null) {
            built.shutdown(ABANDON_GRACE);
            AgentLog.debug("SDK of an agent that did not start shut down");
          }
        },
        task -> {
          Thread stop = new Thread(task, "wsaudit-sdk-stop");
          stop.setDaemon(true);
          stop.start();
        });
  }

  /** Nothing was recorded: the shutdown has nothing to flush. */
  private static final Duration ABANDON_GRACE = Duration.ofSeconds(1);

  /** Flushes the SDK if it was built (waiting for it within the same bound). */
  @Override
  public void shutdown(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    TelemetrySdk built = sdk(timeout);
    if (built != null) {
      built.shutdown(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
    }
  }
}
