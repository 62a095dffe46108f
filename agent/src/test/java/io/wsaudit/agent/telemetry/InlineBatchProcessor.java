package io.wsaudit.agent.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.List;

/**
 * What the SDK's batch processor does with an ended span (its {@code SpanData} into a batch, the
 * batch to the exporter when full), on the calling thread, so that a benchmark sees the whole cost
 * of a span on one thread. No queue, no worker thread: those are the SDK's, not the agent's.
 */
final class InlineBatchProcessor extends EndedSpanProcessor {

  private final SpanExporter exporter;
  private final int batchSize;
  private final List<SpanData> batch;

  InlineBatchProcessor(SpanExporter exporter, int batchSize) {
    this.exporter = exporter;
    this.batchSize = batchSize;
    this.batch = new ArrayList<>(batchSize);
  }

  @Override
  public void onEnd(ReadableSpan span) {
    batch.add(span.toSpanData());
    if (batch.size() >= batchSize) {
      exporter.export(batch).join(10, java.util.concurrent.TimeUnit.SECONDS);
      batch.clear();
    }
  }

  @Override
  public CompletableResultCode shutdown() {
    return exporter.shutdown();
  }
}
