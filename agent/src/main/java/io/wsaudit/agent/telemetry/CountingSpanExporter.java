package io.wsaudit.agent.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/** Wraps the configured exporter to count spans exported and spans whose export failed. */
final class CountingSpanExporter extends ForwardingSpanExporter {

  private final SpanCounters counters;

  CountingSpanExporter(SpanExporter delegate, SpanCounters counters) {
    super(delegate);
    this.counters = counters;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int count = spans.size();
    CompletableResultCode result = delegate.export(spans);
    result.whenComplete(
        () -> {
          if (result.isSuccess()) {
            counters.exported.addAndGet(count);
          } else {
            counters.exportFailed.addAndGet(count);
          }
        });
    return result;
  }
}
