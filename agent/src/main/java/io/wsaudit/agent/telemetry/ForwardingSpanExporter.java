package io.wsaudit.agent.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * A span exporter that wraps another: flush, shutdown and its description are the wrapped one's;
 * subclasses change only how a batch is exported.
 */
abstract class ForwardingSpanExporter implements SpanExporter {

  final SpanExporter delegate;

  ForwardingSpanExporter(SpanExporter delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
