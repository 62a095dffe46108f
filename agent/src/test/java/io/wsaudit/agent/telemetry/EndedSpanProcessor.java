package io.wsaudit.agent.telemetry;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/** A span processor of the tests that only looks at spans once they ended. */
abstract class EndedSpanProcessor implements SpanProcessor {

  @Override
  public final void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public final boolean isStartRequired() {
    return false;
  }

  @Override
  public final boolean isEndRequired() {
    return true;
  }
}
