package io.wsaudit.operator.otlp;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.wsaudit.operator.health.OperatorMetrics;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What both OTLP transports do with a parsed request: decode, count, hand the observations on. */
public final class OtlpIngest {

  private static final Logger LOG = LoggerFactory.getLogger(OtlpIngest.class);

  private final SpanDecoder decoder = new SpanDecoder();
  private final ObservationSink sink;
  private final OperatorMetrics metrics;
  private final ArrivalClock arrival;

  public OtlpIngest(ObservationSink sink, OperatorMetrics metrics) {
    this(sink, metrics, Clock.systemUTC());
  }

  public OtlpIngest(ObservationSink sink, OperatorMetrics metrics, Clock clock) {
    this.sink = sink;
    this.metrics = metrics;
    this.arrival = new ArrivalClock(clock);
  }

  void ingest(String transport, ExportTraceServiceRequest request) {
    ingest(transport, request, 0);
  }

  /**
   * With {@code foreignSpans} more spans of other scopes that were counted but left out of the
   * request.
   */
  void ingest(String transport, ExportTraceServiceRequest request, int foreignSpans) {
    SpanDecoder.Result r = decoder.decode(request);
    metrics.spansReceived(transport, r.received() + foreignSpans, r.skipped() + foreignSpans);
    if (r.observations().isEmpty()) {
      return;
    }
    ArrivalClock.Clamped timed = arrival.clamp(r.observations());
    if (timed.clamped() > 0) {
      metrics.timestampsClamped(transport, timed.clamped());
    }
    try {
      sink.accept(timed.observations());
    } catch (RuntimeException e) {
      // The sender did nothing wrong; losing this batch must not turn into an OTLP error and a
      // retry storm.
      LOG.warn("could not process {} observations", timed.observations().size(), e);
    }
  }

  void rejected(String transport, String reason) {
    metrics.requestRejected(transport, reason);
  }
}
