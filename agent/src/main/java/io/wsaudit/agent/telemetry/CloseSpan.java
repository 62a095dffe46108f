package io.wsaudit.agent.telemetry;

import static io.wsaudit.agent.telemetry.SpanKeys.*;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.wsaudit.contract.WsAuditSpans;
import java.util.concurrent.TimeUnit;

/**
 * Builds and ends the {@code websocket.close} span of a connection that is gone (docs/spans.md).
 */
final class CloseSpan {

  private CloseSpan() {}

  /**
   * @param decidedNanoTime when the close was decided ({@code System.nanoTime()}), the end of the
   *     idle times
   * @param endEpochNanos the span's end on the SDK clock
   */
  static void emit(
      Tracer tracer,
      OpenConnection c,
      CloseDecision decision,
      long decidedNanoTime,
      long endEpochNanos) {
    long firstClose = c.firstCloseEpochNanos();
    long start = firstClose > 0 ? Math.min(firstClose, endEpochNanos) : endEpochNanos;
    SpanContext handshake =
        SpanContext.create(
            TraceId.fromLongs(c.traceIdHigh, c.traceIdLow),
            SpanId.fromLong(c.spanId),
            TraceFlags.fromByte(c.traceFlags),
            c.traceState);
    SpanBuilder builder =
        tracer
            .spanBuilder(WsAuditSpans.CLOSE_SPAN)
            .setSpanKind(SpanKind.INTERNAL)
            .setParent(Context.root().with(Span.wrap(handshake)))
            .setStartTimestamp(start, TimeUnit.NANOSECONDS)
            .setAttribute(CONNECTION_ID, SpanId.fromLong(c.connectionId()))
            .setAttribute(CLOSE_CODE, (long) decision.code)
            .setAttribute(CLOSE_INITIATOR, decision.initiator)
            .setAttribute(CLOSE_CAUSE, decision.cause)
            .setAttribute(DURATION_MS, decision.durationMillis)
            .setAttribute(CLOSE_EARLY, decision.early)
            .setAttribute(IDLE_RECEIVED_MS, c.receivedIdleMillis(decidedNanoTime))
            .setAttribute(IDLE_SENT_MS, c.sentIdleMillis(decidedNanoTime))
            .setAttribute(PING_SENT, c.hasSentPing());
    putIfPresent(builder, CLOSE_REASON, decision.reason);
    putIfPresent(builder, PROTOCOL_VERSION, c.side.protocolVersion);
    putIfPresent(builder, PATH, c.path);
    putIfPresent(builder, PEER_ADDRESS, c.peerAddress);
    putIfPresent(builder, SERVER_ADDRESS, c.side.serverAddress);
    putIfPresent(builder, SERVER, c.side.server);
    Span span = builder.startSpan();
    if (decision.early || decision.code == WsAuditSpans.ABNORMAL_CLOSE_CODE) {
      span.setStatus(StatusCode.ERROR, decision.early ? "closed early" : "closed abnormally");
    }
    span.end(endEpochNanos, TimeUnit.NANOSECONDS);
  }
}
