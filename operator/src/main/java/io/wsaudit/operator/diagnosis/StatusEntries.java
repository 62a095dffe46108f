package io.wsaudit.operator.diagnosis;

import io.wsaudit.operator.api.v1alpha1.EvidenceSources;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.Remediation;
import io.wsaudit.operator.api.v1alpha1.RemediationState;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.operator.correlation.ConnectionRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/** Finds, creates and fills the status entries (findings, remediations) of one policy. */
final class StatusEntries {

  static final int MAX_SAMPLES = 5;

  private StatusEntries() {}

  static Finding finding(WebSocketAuditPolicyStatus s, String ingress, String rule) {
    return s.getFindings().stream()
        .filter(f -> ingress.equals(f.getIngress()) && rule.equals(f.getRule()))
        .findFirst()
        .orElse(null);
  }

  static Finding newFinding(WebSocketAuditPolicyStatus s, String ingress, String rule) {
    Finding f = new Finding();
    f.setIngress(ingress);
    f.setRule(rule);
    s.getFindings().add(f);
    return f;
  }

  /** The newest patch still applied for this Ingress and rule, or null. */
  static Remediation applied(WebSocketAuditPolicyStatus s, String ingress, String rule) {
    return s.getRemediations().stream()
        .filter(r -> ingress.equals(r.getIngress()) && rule.equals(r.getRule()))
        .filter(r -> r.getState() == RemediationState.Applied)
        .reduce((a, b) -> b)
        .orElse(null);
  }

  /** The applied remediations of one patch: every annotation it changed at {@code time}. */
  static List<Remediation> appliedTogether(
      WebSocketAuditPolicyStatus s, String ingress, String rule, Instant time) {
    return s.getRemediations().stream()
        .filter(r -> ingress.equals(r.getIngress()) && rule.equals(r.getRule()))
        .filter(r -> r.getState() == RemediationState.Applied)
        .filter(r -> r.getTime() != null && Instant.parse(r.getTime()).equals(time))
        .toList();
  }

  static Remediation remediation(
      String ingress, String rule, String annotation, AppliedChange applied) {
    Remediation r = new Remediation();
    r.setIngress(ingress);
    r.setRule(rule);
    r.setAnnotation(annotation);
    r.setPreviousValue(applied.previous());
    r.setPreviousAbsent(applied.previous() == null);
    r.setNewValue(applied.applied());
    r.setTime(applied.time());
    r.setState(RemediationState.Applied);
    return r;
  }

  static void fill(Finding f, List<ConnectionRecord> evidence, String explanation) {
    EvidenceSources sources = sources(evidence);
    f.setEvidence(sources);
    f.setExplanation(explanation + Explanations.sources(sources));
    f.setConnections(evidence.size());
    Instant first =
        evidence.stream().map(ConnectionRecord::time).min(Comparator.naturalOrder()).orElse(null);
    Instant last =
        evidence.stream().map(ConnectionRecord::time).max(Comparator.naturalOrder()).orElse(null);
    if (first != null
        && (f.getFirstSeen() == null || first.isBefore(Instant.parse(f.getFirstSeen())))) {
      f.setFirstSeen(first.truncatedTo(ChronoUnit.MILLIS).toString());
    }
    if (last != null) {
      f.setLastSeen(last.truncatedTo(ChronoUnit.MILLIS).toString());
    }
    // The newest traces (and log lines) are the ones still findable with a short retention.
    f.setSampleTraceIds(newest(evidence, ConnectionRecord::traceId));
    f.setSampleRequestIds(newest(evidence, ConnectionRecord::requestId));
  }

  /** How many connections each source saw; a connection both saw counts once, under both. */
  static EvidenceSources sources(List<ConnectionRecord> evidence) {
    int agent = 0;
    int proxy = 0;
    int both = 0;
    for (ConnectionRecord c : evidence) {
      if (c.fromAgent() && c.fromProxyLog()) {
        both++;
      } else if (c.fromProxyLog()) {
        proxy++;
      } else {
        agent++;
      }
    }
    return new EvidenceSources(agent, proxy, both);
  }

  private static List<String> newest(
      List<ConnectionRecord> evidence, Function<ConnectionRecord, String> id) {
    Set<String> samples = new LinkedHashSet<>();
    evidence.stream()
        .sorted(Comparator.comparing(ConnectionRecord::time).reversed())
        .map(id)
        .filter(Objects::nonNull)
        .forEach(samples::add);
    return new ArrayList<>(
        new ArrayList<>(samples).subList(0, Math.min(MAX_SAMPLES, samples.size())));
  }
}
