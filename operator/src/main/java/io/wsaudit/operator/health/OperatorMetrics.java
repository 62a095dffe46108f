package io.wsaudit.operator.health;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The operator's Prometheus metrics, in a registry of its own so that several operators in one JVM
 * (tests) do not share counters.
 */
public final class OperatorMetrics {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter spansReceived =
      Counter.builder()
          .name("wsaudit_otlp_spans_received_total")
          .help("Spans received over OTLP, of any scope.")
          .labelNames("transport")
          .register(registry);
  private final Counter spansSkipped =
      Counter.builder()
          .name("wsaudit_otlp_spans_skipped_total")
          .help("Spans received but not wsaudit's (other scope or span name).")
          .labelNames("transport")
          .register(registry);
  private final Counter requestsRejected =
      Counter.builder()
          .name("wsaudit_otlp_requests_rejected_total")
          .help(
              "OTLP requests refused, by signal (traces, logs) and reason (bad_request, too_large, busy, unsupported_media_type, unauthorized, forbidden).")
          .labelNames("transport", "signal", "reason")
          .register(registry);
  private final Counter logRecordsReceived =
      Counter.builder()
          .name("wsaudit_otlp_log_records_received_total")
          .help("Log records received over OTLP.")
          .labelNames("transport")
          .register(registry);
  private final Counter logRecordsSkipped =
      Counter.builder()
          .name("wsaudit_otlp_log_records_skipped_total")
          .help(
              "Log records received but not handed on, by reason (body_not_string, line_too_long).")
          .labelNames("transport", "reason")
          .register(registry);
  private final Counter timestampsClamped =
      Counter.builder()
          .name("wsaudit_otlp_timestamps_clamped_total")
          .help(
              "wsaudit spans and log records dated more than 30 s after their arrival, re-dated to the arrival.")
          .labelNames("transport")
          .register(registry);
  private final Counter idleTimesDropped =
      Counter.builder()
          .name("wsaudit_otlp_idle_times_dropped_total")
          .help(
              "websocket.idle.* values ignored as impossible (negative, over a week, or longer than"
                  + " the connection: a clock jumped).")
          .labelNames("transport")
          .register(registry);
  private final Counter evidenceRefused =
      Counter.builder()
          .name("wsaudit_evidence_refused_total")
          .help(
              "wsaudit spans and proxy log lines refused because their sender may not speak for the pod's or Ingress's namespace.")
          .labelNames("reason")
          .register(registry);
  private final Counter uncorrelated =
      Counter.builder()
          .name("wsaudit_observations_uncorrelated_total")
          .help(
              "wsaudit spans that could not be traced to an Ingress of the configured controller.")
          .register(registry);
  private final Gauge findings =
      Gauge.builder()
          .name("wsaudit_findings")
          .help("Current findings, by rule and state.")
          .labelNames("rule", "state")
          .register(registry);
  private final Counter patches =
      Counter.builder()
          .name("wsaudit_patches_total")
          .help("Ingress annotation patches made, by rule.")
          .labelNames("rule")
          .register(registry);
  private final Counter rollbacks =
      Counter.builder()
          .name("wsaudit_rollbacks_total")
          .help("Patches undone on policy deletion, by result (rolled_back, skipped).")
          .labelNames("result")
          .register(registry);

  private final Counter proxyLogLines =
      Counter.builder()
          .name("wsaudit_proxy_log_lines_total")
          .help(
              "Proxy log lines received over OTLP logs, by kind (access, error, other) and result"
                  + " (kept, not_websocket, unparsed, other_pod, refused).")
          .labelNames("kind", "result")
          .register(registry);
  private final Counter proxySpans =
      Counter.builder()
          .name("wsaudit_proxy_spans_total")
          .help(
              "Spans of ingress-nginx's OpenTelemetry module (scope nginx) received, by result"
                  + " (kept, not_websocket, other_pod, refused); their sum is what was received.")
          .labelNames("result")
          .register(registry);
  private final Counter proxySpanAmbiguous =
      Counter.builder()
          .name("wsaudit_proxy_spans_ambiguous_total")
          .help(
              "Kept nginx spans whose host and path rules of several Ingresses match equally well:"
                  + " left uncorrelated.")
          .register(registry);
  private final Counter proxyLogUnparsed =
      Counter.builder()
          .name("wsaudit_proxy_log_unparsed_total")
          .help("Access-log lines the controller's log format could not parse, by reason.")
          .labelNames("reason")
          .register(registry);
  private final Counter proxyLogJoinDropped =
      Counter.builder()
          .name("wsaudit_proxy_log_join_dropped_total")
          .help(
              "Timed-out error lines and upgraded access lines that waited for each other in vain"
                  + " and were pushed out of the bounded join buffer.")
          .register(registry);

  public PrometheusRegistry registry() {
    return registry;
  }

  public void spansReceived(String transport, int received, int skipped) {
    spansReceived.labelValues(transport).inc(received);
    spansSkipped.labelValues(transport).inc(skipped);
  }

  /** {@code signal} is "traces" or "logs". */
  public void requestRejected(String transport, String signal, String reason) {
    requestsRejected.labelValues(transport, signal, reason).inc();
  }

  public void logRecordsReceived(String transport, int n) {
    logRecordsReceived.labelValues(transport).inc(n);
  }

  public void logRecordsSkipped(String transport, String reason, int n) {
    logRecordsSkipped.labelValues(transport, reason).inc(n);
  }

  public void timestampsClamped(String transport, int n) {
    timestampsClamped.labelValues(transport).inc(n);
  }

  public void idleTimesDropped(String transport, int n) {
    idleTimesDropped.labelValues(transport).inc(n);
  }

  public void evidenceRefused(String reason) {
    evidenceRefused.labelValues(reason).inc();
  }

  public void uncorrelated() {
    uncorrelated.inc();
  }

  public void proxyLogLines(String kind, String result, long n) {
    if (n > 0) {
      proxyLogLines.labelValues(kind, result).inc(n);
    }
  }

  public void proxySpans(String result, long n) {
    if (n > 0) {
      proxySpans.labelValues(result).inc(n);
    }
  }

  public void proxySpanAmbiguous() {
    proxySpanAmbiguous.inc();
  }

  public void proxyLogUnparsed(String reason, long n) {
    proxyLogUnparsed.labelValues(reason).inc(n);
  }

  public void proxyLogJoinDropped(long n) {
    if (n > 0) {
      proxyLogJoinDropped.inc(n);
    }
  }

  public void findings(String rule, String state, int count) {
    findings.labelValues(rule, state).set(count);
  }

  public void patched(String rule) {
    patches.labelValues(rule).inc();
  }

  public void rollback(String result) {
    rollbacks.labelValues(result).inc();
  }
}
