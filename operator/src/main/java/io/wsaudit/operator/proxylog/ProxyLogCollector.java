package io.wsaudit.operator.proxylog;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.wsaudit.operator.health.OperatorMetrics;
import io.wsaudit.operator.otlp.ArrivalClock;
import io.wsaudit.operator.otlp.LogLine;
import io.wsaudit.operator.otlp.LogLineSink;
import io.wsaudit.operator.otlp.Observation;
import io.wsaudit.operator.otlp.ObservationSink;
import io.wsaudit.operator.otlp.ProxyObservation;
import io.wsaudit.operator.otlp.SpanSource;
import io.wsaudit.operator.proxy.nginx.log.AccessLogEntry;
import io.wsaudit.operator.proxy.nginx.log.ErrorLogEntry;
import io.wsaudit.operator.proxy.nginx.log.LogParse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The OTLP logs receivers' sink: reads the audited ingress-nginx controller's access and error
 * lines, keeps those that can be WebSocket evidence (a 101, or a request that asked for an upgrade)
 * and files them as {@link ProxyObservation}s, with nginx's idle-timeout error line joined to its
 * connection. Every other line costs one parse and a count: ingress-nginx logs every plain request
 * too, and those are most of what arrives.
 */
public final class ProxyLogCollector implements LogLineSink {

  /** Lines and error lines waiting for their partner, each side. */
  static final int JOIN_CAPACITY = 4_096;

  private final String controllerNamespace;
  private final Supplier<ConfigMap> controllerConfig;
  private final ProxyLogParsers parsers;
  private final ObservationSink evidence;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final TimeoutJoin join = new TimeoutJoin(JOIN_CAPACITY);
  private final UnparsedLines unparsed = new UnparsedLines();
  private volatile Compiled compiled;
  private volatile Instant lastLine;
  private final LongAdder kept = new LongAdder();
  private final ArrivalClock arrival;
  private long joinDroppedReported;

  /** The format compiled for one version of the ConfigMap ("" when there is none). */
  private record Compiled(String resourceVersion, AccessFormat format) {}

  public ProxyLogCollector(
      String controllerNamespace,
      Supplier<ConfigMap> controllerConfig,
      ProxyLogParsers parsers,
      ObservationSink evidence,
      OperatorMetrics metrics,
      Clock clock) {
    this.controllerNamespace = controllerNamespace;
    this.controllerConfig = controllerConfig;
    this.parsers = parsers;
    this.evidence = evidence;
    this.metrics = metrics;
    this.clock = clock;
    this.arrival = new ArrivalClock(clock);
  }

  @Override
  public void accept(List<LogLine> lines, io.wsaudit.operator.trust.Sender sender) {
    // The sender speaks for the controller's pods (whose lines these are), as a span's sender
    // speaks for its pod; the Ingress's namespace is checked again when the evidence is filed.
    if (!sender.maySpeakFor(controllerNamespace)) {
      metrics.proxyLogLines("any", "refused", lines.size());
      metrics.evidenceRefused("namespace_not_allowed");
      return;
    }
    AccessFormat format = format();
    Tally t = new Tally();
    List<Observation> out = new ArrayList<>();
    for (LogLine line : lines) {
      if (!controllerNamespace.equals(line.podNamespace()) || line.body() == null) {
        t.otherPod++;
        continue;
      }
      t.ours++;
      if (isErrorLine(line.body())) {
        error(line, out, t);
      } else if ("stderr".equals(line.stream())) {
        // The controller's own (klog) output shares the container's stderr with nginx's error log.
        t.other++;
      } else {
        access(line, format, out, t);
      }
    }
    publish(t);
    if (t.ours > 0) {
      lastLine = clock.instant();
    }
    if (!out.isEmpty()) {
      kept.add(out.size());
      ArrivalClock.Clamped timed = arrival.clamp(out);
      metrics.timestampsClamped("logs", timed.clamped());
      evidence.accept(timed.observations(), sender);
    }
  }

  private void access(LogLine line, AccessFormat format, List<Observation> out, Tally t) {
    LogParse p = format.parse(line.body());
    if (p instanceof LogParse.Unparsed u) {
      t.unparsed++;
      t.reasons.merge(u.reason(), 1L, Long::sum);
      t.lastUnparsed = line.body();
      return;
    }
    AccessLogEntry e = ((LogParse.Parsed) p).entry();
    if (!e.upgraded() && !Boolean.TRUE.equals(e.upgradeRequested())) {
      t.notWebSocket++;
      return;
    }
    ProxyObservation o = observation(e, line, clock);
    out.add(e.upgraded() ? join.access(e, o) : o);
    t.accessKept++;
  }

  private void error(LogLine line, List<Observation> out, Tally t) {
    Optional<ErrorLogEntry> e = parsers.errorLine(line.body());
    // Only the backend side's timer is the idle cut; "client timed out" is a client that stopped
    // reading (send_timeout), not a quiet connection.
    if (e.isEmpty() || !e.get().upstreamTimedOut()) {
      t.errorOther++;
      return;
    }
    t.errorKept++;
    join.timedOut(e.get()).ifPresent(out::add);
  }

  private static ProxyObservation observation(AccessLogEntry e, LogLine line, Clock clock) {
    Instant time = e.time() != null ? e.time() : line.time();
    return new ProxyObservation(
        time != null ? time : clock.instant(),
        e.host(),
        e.path(),
        e.status(),
        e.requestTimeMs(),
        e.upstreamName(),
        e.lastUpstream(),
        e.requestId(),
        e.upgradeRequested(),
        false,
        new SpanSource(line.podNamespace(), line.podName(), null));
  }

  /**
   * nginx's error log opens each line with {@code yyyy/MM/dd HH:mm:ss [level]} (ngx_log_error_core
   * in nginx {@code src/core/ngx_log.c}); checked by position, no regex.
   */
  static boolean isErrorLine(String s) {
    return s.length() > 21
        && s.charAt(4) == '/'
        && s.charAt(7) == '/'
        && s.charAt(10) == ' '
        && s.charAt(13) == ':'
        && s.charAt(16) == ':'
        && s.charAt(19) == ' '
        && s.charAt(20) == '['
        && Character.isDigit(s.charAt(0));
  }

  /** The controller's format, compiled again only when its ConfigMap changed. */
  private AccessFormat format() {
    ConfigMap cm = controllerConfig.get();
    String version =
        cm == null ? "" : Objects.requireNonNullElse(cm.getMetadata().getResourceVersion(), "?");
    Compiled c = compiled;
    if (c == null || !c.resourceVersion().equals(version)) {
      c = new Compiled(version, parsers.accessFormat(cm == null ? null : cm.getData()));
      compiled = c;
    }
    return c.format();
  }

  /** What the policy status says about the proxy's logs, now. */
  public ProxyLogReport report() {
    AccessFormat f = format();
    return new ProxyLogReport(
        lastLine, kept.sum(), f.missing(), f.problem(), unparsed.counts(), unparsed.sample());
  }

  private void publish(Tally t) {
    t.reasons.forEach(metrics::proxyLogUnparsed);
    t.reasons.forEach((reason, n) -> unparsed.add(reason, n, t.lastUnparsed));
    metrics.proxyLogLines("any", "other_pod", t.otherPod);
    metrics.proxyLogLines("access", "kept", t.accessKept);
    metrics.proxyLogLines("access", "not_websocket", t.notWebSocket);
    metrics.proxyLogLines("access", "unparsed", t.unparsed);
    metrics.proxyLogLines("error", "kept", t.errorKept);
    metrics.proxyLogLines("error", "not_websocket", t.errorOther);
    metrics.proxyLogLines("other", "not_websocket", t.other);
    synchronized (this) {
      long dropped = join.dropped();
      metrics.proxyLogJoinDropped(dropped - joinDroppedReported);
      joinDroppedReported = dropped;
    }
  }

  /** One request's counts, published once (a labelled counter per line would cost a lookup). */
  private static final class Tally {
    long ours;
    long otherPod;
    long accessKept;
    long notWebSocket;
    long unparsed;
    long errorKept;
    long errorOther;
    long other;
    final Map<String, Long> reasons = new HashMap<>(4);
    String lastUnparsed;
  }
}
