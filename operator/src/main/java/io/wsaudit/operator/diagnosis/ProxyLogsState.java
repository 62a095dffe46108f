package io.wsaudit.operator.diagnosis;

import io.wsaudit.operator.api.v1alpha1.ProxyLogsStatus;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.operator.proxy.nginx.log.LogSignal;
import io.wsaudit.operator.proxylog.ProxyLogReport;
import io.wsaudit.operator.status.Conditions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The policy status about the controller's logs: the {@code ProxyLogs} condition and {@code
 * status.proxyLogs}. Logs are optional evidence, so none arriving is said plainly, not as an error.
 */
final class ProxyLogsState {

  static final String CONDITION = "ProxyLogs";

  private ProxyLogsState() {}

  static void apply(WebSocketAuditPolicyStatus status, ProxyLogReport r, Long gen, Instant now) {
    if (!r.received()) {
      status.setProxyLogs(null);
      status.setConditions(
          Conditions.set(
              status.getConditions(),
              CONDITION,
              false,
              "NoProxyLogs",
              "no proxy logs received; see docs/cluster.md (optional: the agent's spans are"
                  + " evidence on their own)",
              gen,
              now));
      return;
    }
    ProxyLogsStatus s = new ProxyLogsStatus();
    s.setLastLineSeen(r.lastLine().truncatedTo(ChronoUnit.MINUTES).toString());
    List<LogSignal> missing =
        r.missing().stream().sorted(Comparator.comparing(LogSignal::ordinal)).toList();
    s.setMissingSignals(missing.stream().map(m -> m.variable() + ": " + m.gives()).toList());
    s.setFormatProblem(r.formatProblem());
    s.setUnparsed(new LinkedHashMap<>(new java.util.TreeMap<>(r.unparsed())));
    s.setUnparsedSample(r.unparsedSample());
    status.setProxyLogs(s);
    long bad = r.unparsed().values().stream().mapToLong(Long::longValue).sum();
    String reason;
    String message;
    if (r.formatProblem() != null) {
      reason = "FormatNotUsable";
      message =
          "the controller's log-format-upstream cannot be read ("
              + r.formatProblem()
              + "); lines are read with ingress-nginx's default format";
    } else if (!missing.isEmpty()) {
      reason = "FormatIncomplete";
      message =
          "proxy logs arrive, but their format cannot tell "
              + String.join("; ", missing.stream().map(LogSignal::gives).toList())
              + "; add "
              + String.join(" ", missing.stream().map(LogSignal::variable).toList())
              + " to log-format-upstream";
    } else {
      reason = "Receiving";
      message = "proxy logs arrive and their format gives every signal wsaudit reads";
    }
    if (bad > 0) {
      message += "; " + bad + " line(s) did not parse (status.proxyLogs.unparsed)";
    }
    status.setConditions(
        Conditions.set(
            status.getConditions(),
            CONDITION,
            r.formatProblem() == null,
            reason,
            message,
            gen,
            now));
  }
}
