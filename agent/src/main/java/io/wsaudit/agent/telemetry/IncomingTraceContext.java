package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.wsaudit.contract.WsAuditSpans;
import java.util.Collections;

/**
 * The W3C trace context ({@code traceparent}, {@code tracestate}) an upgrade request carries, from
 * a browser, a proxy or a client instrumented with OpenTelemetry: the handshake span joins that
 * trace as a child of the caller's span.
 *
 * <p>The parent is always treated as sampled: the agent's spans are audit records the operator acts
 * on, not a sample, so a caller that did not sample its own span must not make the agent drop the
 * handshake (and with it the close span, its child).
 */
final class IncomingTraceContext {

  private static final TextMapGetter<RequestHeaders> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(RequestHeaders carrier) {
          return Collections
              .emptyList(); // only read by propagators that enumerate (baggage), not by trace
          // context
        }

        @Override
        public String get(RequestHeaders carrier, String key) {
          return carrier == null ? null : carrier.first(key);
        }
      };

  private IncomingTraceContext() {}

  /**
   * The parent of a handshake span: the span current where the family first saw the request, or on
   * the thread emitting the span (in extension mode the OpenTelemetry agent's HTTP server span of
   * the upgrade request, which already continues any {@code traceparent}; in standalone mode none,
   * our context is private), else the caller's span from the request, else {@code null}.
   */
  static Context parent(Context requestContext, RequestHeaders headers) {
    if (Span.fromContext(requestContext).getSpanContext().isValid()) {
      return requestContext;
    }
    Context current = Context.current();
    if (Span.fromContext(current).getSpanContext().isValid()) {
      return current;
    }
    return parent(headers);
  }

  /**
   * The caller's span as a parent context, or {@code null} when the request has no valid {@code
   * traceparent}.
   */
  static Context parent(RequestHeaders headers) {
    if (headers == null || headers.first(WsAuditSpans.TRACEPARENT_HEADER) == null) {
      return null;
    }
    Context extracted =
        W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, HEADERS);
    SpanContext remote = Span.fromContext(extracted).getSpanContext();
    if (!remote.isValid()) {
      return null;
    }
    SpanContext sampled =
        SpanContext.createFromRemoteParent(
            remote.getTraceId(),
            remote.getSpanId(),
            TraceFlags.getSampled(),
            remote.getTraceState());
    return Context.root().with(Span.wrap(sampled));
  }
}
