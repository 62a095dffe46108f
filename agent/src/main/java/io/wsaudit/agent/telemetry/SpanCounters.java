package io.wsaudit.agent.telemetry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what happened to the agent's spans, so that drops under a slow or absent exporter are
 * visible.
 */
public final class SpanCounters {

  final AtomicLong emitted = new AtomicLong();
  final AtomicLong exported = new AtomicLong();
  final AtomicLong exportFailed = new AtomicLong();
  final AtomicLong connectionsForgotten = new AtomicLong();
  final AtomicLong metricsDropped = new AtomicLong();
  final AtomicLong droppedBeforeSdk = new AtomicLong();

  public long emitted() {
    return emitted.get();
  }

  public long exported() {
    return exported.get();
  }

  public long exportFailed() {
    return exportFailed.get();
  }

  /**
   * Spans ended but neither exported nor reported failed: dropped by the full queue or still in
   * flight.
   */
  public long notExported() {
    return Math.max(0, emitted.get() - exported.get() - exportFailed.get());
  }

  public long connectionsForgotten() {
    return connectionsForgotten.get();
  }

  /** Metric measurements dropped: their {@code websocket.server} was past the attribute bound. */
  public long metricsDropped() {
    return metricsDropped.get();
  }

  /** Spans dropped because the SDK was not built in time or failed (StartingTelemetrySdk). */
  public long droppedBeforeSdk() {
    return droppedBeforeSdk.get();
  }

  @Override
  public String toString() {
    return "spans emitted "
        + emitted()
        + ", exported "
        + exported()
        + ", export failed "
        + exportFailed()
        + ", dropped or pending "
        + notExported()
        + ", connections forgotten (over the limit) "
        + connectionsForgotten()
        + (metricsDropped() > 0
            ? ", metric measurements dropped (too many servers) " + metricsDropped()
            : "")
        + (droppedBeforeSdk() > 0 ? ", spans dropped (no SDK yet) " + droppedBeforeSdk() : "");
  }
}
