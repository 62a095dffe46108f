package io.wsaudit.operator.otlp;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.wsaudit.operator.health.OperatorMetrics;
import io.wsaudit.operator.trust.Sender;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both OTLP transports do with a parsed request: decode, count, hand the observations on (the
 * agent's to the evidence sink, those from nginx's own spans to the proxy-span sink).
 */
public final class OtlpIngest {

  private static final Logger LOG = LoggerFactory.getLogger(OtlpIngest.class);
  static final String SIGNAL = "traces";

  private final SpanDecoder decoder = new SpanDecoder();
  private final ObservationSink sink;
  private final ObservationSink proxySpans;
  private final OperatorMetrics metrics;
  private final ArrivalClock arrival;

  public OtlpIngest(ObservationSink sink, OperatorMetrics metrics) {
    this(sink, metrics, Clock.systemUTC());
  }

  public OtlpIngest(ObservationSink sink, OperatorMetrics metrics, Clock clock) {
    this(sink, sink, metrics, clock);
  }

  /**
   * With nginx's spans ({@link ProxyObservation}s) handed to {@code proxySpans}, which checks their
   * sender and pod as the proxy-log collector does for lines.
   */
  public OtlpIngest(
      ObservationSink sink, ObservationSink proxySpans, OperatorMetrics metrics, Clock clock) {
    this.sink = sink;
    this.proxySpans = proxySpans;
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
    ingest(transport, new ScopeFilter.Filtered(request, foreignSpans), sender);
  }

  /** A request as {@link ScopeFilter} left it (or a JSON one, whole). */
  void ingest(String transport, ScopeFilter.Filtered filtered, Sender sender) {
    SpanDecoder.Result r = decoder.decode(filtered.ours());
    int foreignSpans = filtered.foreignSpans();
    metrics.spansReceived(transport, r.received() + foreignSpans, r.skipped() + foreignSpans);
    metrics.proxySpans("not_websocket", filtered.nginxDropped() + r.nginxSpans() - r.nginxKept());
    if (r.idleDropped() > 0) {
      metrics.idleTimesDropped(transport, r.idleDropped());
    }
    // A span naming a pod of a namespace the sender may not speak for is refused here; spans that
    // name none are checked again once correlated (EvidenceCollector), by the Ingress's namespace.
    List<Observation> allowed = new ArrayList<>(r.observations().size());
    List<Observation> fromNginx = new ArrayList<>(r.nginxKept());
    for (Observation o : r.observations()) {
      if (o instanceof ProxyObservation) {
        fromNginx.add(o);
        continue;
      }
      String ns = o.source() == null ? null : o.source().podNamespace();
      if (ns == null || sender.maySpeakFor(ns)) {
        allowed.add(o);
      } else {
        metrics.evidenceRefused("namespace_not_allowed");
      }
    }
    hand(transport, allowed, sink, sender);
    hand(transport, fromNginx, proxySpans, sender);
  }

  private void hand(String transport, List<Observation> os, ObservationSink to, Sender sender) {
    if (os.isEmpty()) {
      return;
    }
    ArrivalClock.Clamped timed = arrival.clamp(os);
    if (timed.clamped() > 0) {
      metrics.timestampsClamped(transport, timed.clamped());
    }
    try {
      to.accept(timed.observations(), sender);
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
