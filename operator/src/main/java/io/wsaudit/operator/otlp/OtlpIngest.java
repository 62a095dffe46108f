package io.wsaudit.operator.otlp;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.wsaudit.operator.health.OperatorMetrics;
import io.wsaudit.operator.trust.Sender;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What both OTLP transports do with a parsed request: decode, count, hand the observations on. */
public final class OtlpIngest {

  private static final Logger LOG = LoggerFactory.getLogger(OtlpIngest.class);
  static final String SIGNAL = "traces";

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
    ingest(transport, request, 0, Sender.UNAUTHENTICATED);
  }

  /**
   * With {@code foreignSpans} more spans of other scopes that were counted but left out of the
   * request.
   */
  void ingest(
      String transport, ExportTraceServiceRequest request, int foreignSpans, Sender sender) {
    SpanDecoder.Result r = decoder.decode(request);
    metrics.spansReceived(transport, r.received() + foreignSpans, r.skipped() + foreignSpans);
    if (r.idleDropped() > 0) {
      metrics.idleTimesDropped(transport, r.idleDropped());
    }
    // A span naming a pod of a namespace the sender may not speak for is refused here; spans that
    // name none are checked again once correlated (EvidenceCollector), by the Ingress's namespace.
    List<Observation> allowed = new ArrayList<>(r.observations().size());
    for (Observation o : r.observations()) {
      String ns = o.source() == null ? null : o.source().podNamespace();
      if (ns == null || sender.maySpeakFor(ns)) {
        allowed.add(o);
      } else {
        metrics.evidenceRefused("namespace_not_allowed");
      }
    }
    if (allowed.isEmpty()) {
      return;
    }
    ArrivalClock.Clamped timed = arrival.clamp(allowed);
    if (timed.clamped() > 0) {
      metrics.timestampsClamped(transport, timed.clamped());
    }
    try {
      sink.accept(timed.observations(), sender);
    } catch (RuntimeException e) {
      // The sender did nothing wrong; losing this batch must not turn into an OTLP error and a
      // retry storm.
      LOG.warn("could not process {} observations", timed.observations().size(), e);
    }
  }

  void rejected(String transport, String reason) {
    metrics.requestRejected(transport, SIGNAL, reason);
  }
}
