package io.wsaudit.operator.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.operator.api.v1alpha1.EvidenceThresholds;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.Remediation;
import io.wsaudit.operator.api.v1alpha1.RemediationState;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.operator.config.ControllerSettings;
import io.wsaudit.operator.config.Durations;
import io.wsaudit.operator.correlation.ClusterIndex;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.correlation.EvidenceStore;
import io.wsaudit.operator.correlation.IngressClasses;
import io.wsaudit.operator.events.EventRecorder;
import io.wsaudit.operator.health.OperatorMetrics;
import io.wsaudit.operator.proxy.ingressnginx.EffectiveSettings;
import io.wsaudit.operator.remediation.AnnotationPatcher;
import io.wsaudit.operator.remediation.AppliedChange;
import io.wsaudit.operator.remediation.PatchRateLimiter;
import io.wsaudit.operator.rules.Rule;
import io.wsaudit.operator.rules.RuleInput;
import io.wsaudit.operator.rules.RuleVerdict;
import io.wsaudit.operator.status.Conditions;
import io.wsaudit.operator.status.StatusSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One evaluation of one policy: for every Ingress in scope and every rule, turn the evidence into a
 * finding, move findings through their states (Open → Remediated → Resolved | Ineffective, or
 * NotRemediable), patch when the policy enforces and the rate limit allows, and tell people through
 * Events.
 */
public final class PolicyEvaluator {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyEvaluator.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_SAMPLES = 5;

  private final ClusterIndex index;
  private final EvidenceStore store;
  private final List<Rule> rules;
  private final AnnotationPatcher patcher;
  private final PatchRateLimiter limiter;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Duration gracePeriod;
  private final EffectiveSettings settings;
  private final ControllerSettings controller;

  public PolicyEvaluator(
      ClusterIndex index,
      EvidenceStore store,
      List<Rule> rules,
      AnnotationPatcher patcher,
      PatchRateLimiter limiter,
      EventRecorder events,
      OperatorMetrics metrics,
      Duration gracePeriod) {
    this.index = index;
    this.store = store;
    this.rules = rules;
    this.patcher = patcher;
    this.limiter = limiter;
    this.events = events;
    this.metrics = metrics;
    this.gracePeriod = gracePeriod;
    this.controller = index.controller();
    this.settings = new EffectiveSettings(controller);
  }

  /**
   * Computes the policy's new status from {@code base} (the last known status), patching and
   * recording Events on the way.
   */
  public WebSocketAuditPolicyStatus evaluate(
      WebSocketAuditPolicy policy, WebSocketAuditPolicyStatus base, Instant now) {
    WebSocketAuditPolicyStatus status =
        base == null
            ? new WebSocketAuditPolicyStatus()
            : JSON.convertValue(base, WebSocketAuditPolicyStatus.class);
    EvidenceThresholds ev =
        policy.getSpec().getEvidence() == null
            ? new EvidenceThresholds()
            : policy.getSpec().getEvidence();
    int min = ev.getMinConnections() == null ? 3 : Math.max(1, ev.getMinConnections());
    Duration window = Durations.parseOr(ev.getWindow(), Duration.ofMinutes(5));
    Duration threshold = Durations.parseOr(ev.getEarlyCloseThreshold(), Duration.ofSeconds(1));
    Set<String> classes =
        IngressClasses.ofController(index.ingressClasses(), controller.controllerClass());
    ConfigMap cm = index.controllerConfigMap();
    String cmName = controller.namespace() + "/" + controller.configMap();

    List<Ingress> inScope =
        index.ingresses().stream()
            .filter(i -> PolicyScope.covers(policy, i, classes))
            .sorted(Comparator.comparing(i -> i.getMetadata().getName()))
            .toList();
    boolean rateLimited = false;
    for (Ingress ingress : inScope) {
      String key = ingress.getMetadata().getNamespace() + "/" + ingress.getMetadata().getName();
      RuleInput input =
          new RuleInput(
              ingress,
              store.since(key, now.minus(window)),
              min,
              threshold,
              settings.proxyHttpVersion(ingress, cm),
              settings.connectionProxyHeader(ingress),
              cmName,
              now);
      for (Rule rule : rules) {
        rateLimited |= evaluate(policy, status, ingress, rule, input, now);
      }
    }
    StatusSummary.summarize(status);
    status.setObservedGeneration(policy.getMetadata().getGeneration());
    Long gen = policy.getMetadata().getGeneration();
    status.setConditions(
        Conditions.set(
            status.getConditions(),
            "Ready",
            true,
            "Reconciled",
            inScope.size()
                + " Ingress(es) in scope, "
                + status.getFindings().size()
                + " finding(s)",
            gen));
    status.setConditions(
        Conditions.set(
            status.getConditions(),
            "RateLimited",
            rateLimited,
            rateLimited ? "PatchPostponed" : "NoPatchWaiting",
            rateLimited
                ? "a patch waits for the controller's next slot at "
                    + limiter.nextSlot(controller.id())
                : "no patch is waiting",
            gen));
    return status;
  }

  /** Returns true when a patch was wanted but the rate limit postponed it. */
  private boolean evaluate(
      WebSocketAuditPolicy policy,
      WebSocketAuditPolicyStatus status,
      Ingress ingress,
      Rule rule,
      RuleInput input,
      Instant now) {
    String name = ingress.getMetadata().getName();
    Finding finding = find(status, name, rule.name());
    Remediation remediation = findApplied(status, name, rule.name());
    if (remediation == null) {
      // The Ingress's own record wins over a status that lost a write (conflict, restart between
      // patch and status).
      remediation = adoptRecordedChange(policy, status, ingress, rule);
      if (remediation != null && finding == null) {
        finding = new Finding();
        finding.setIngress(name);
        finding.setRule(rule.name());
        finding.setState(FindingState.Remediated);
        fill(
            finding,
            input.connections().stream().filter(c -> rule.counts(c, input)).toList(),
            "wsaudit changed "
                + remediation.getAnnotation()
                + " on Ingress "
                + name
                + " for rule "
                + rule.name()
                + "; waiting for new connections to show the effect.");
        status.getFindings().add(finding);
      }
    }
    if (remediation != null && finding != null) {
      if (finding.getState() == FindingState.Remediated) {
        verify(policy, ingress, rule, input, finding, remediation);
      }
      // After a patch a finding never leads to a second one: no patch loop.
      return false;
    }
    var maybe = rule.evaluate(input);
    if (maybe.isEmpty()) {
      return false;
    }
    RuleVerdict verdict = maybe.get();
    FindingState before = finding == null ? null : finding.getState();
    if (finding == null) {
      finding = new Finding();
      finding.setIngress(name);
      finding.setRule(rule.name());
      status.getFindings().add(finding);
    }
    fill(finding, verdict.evidence(), verdict.explanation());
    boolean postponed = false;
    FindingState state;
    if (!verdict.remediable()) {
      state = FindingState.NotRemediable;
    } else if (policy.getSpec().getMode() == Mode.Enforce && allowed(policy, rule)) {
      if (limiter.tryAcquire(controller.id(), now)) {
        state =
            patch(policy, status, ingress, rule, verdict, now)
                ? FindingState.Remediated
                : FindingState.Open;
      } else {
        state = FindingState.Open;
        postponed = true;
      }
    } else {
      state = FindingState.Open;
    }
    finding.setState(state);
    if (before != state && state != FindingState.Remediated) {
      warnBoth(policy, ingress, rule.name(), verdict.explanation());
    }
    return postponed;
  }

  private Remediation adoptRecordedChange(
      WebSocketAuditPolicy policy, WebSocketAuditPolicyStatus status, Ingress ingress, Rule rule) {
    String setting = rule.patchedSetting();
    var recorded = AnnotationPatcher.recorded(ingress, setting);
    if (recorded.isEmpty()
        || !policy.getMetadata().getName().equals(recorded.get().policy())
        || !rule.name().equals(recorded.get().rule())) {
      return null;
    }
    Remediation r = remediation(ingress, rule, controller.annotation(setting), recorded.get());
    status.getRemediations().add(r);
    return r;
  }

  private static Remediation remediation(
      Ingress ingress, Rule rule, String annotation, AppliedChange applied) {
    Remediation r = new Remediation();
    r.setIngress(ingress.getMetadata().getName());
    r.setRule(rule.name());
    r.setAnnotation(annotation);
    r.setPreviousValue(applied.previous());
    r.setPreviousAbsent(applied.previous() == null);
    r.setNewValue(applied.applied());
    r.setTime(applied.time());
    r.setState(RemediationState.Applied);
    return r;
  }

  private boolean patch(
      WebSocketAuditPolicy policy,
      WebSocketAuditPolicyStatus status,
      Ingress ingress,
      Rule rule,
      RuleVerdict verdict,
      Instant now) {
    var change = verdict.change().orElseThrow();
    AppliedChange applied;
    try {
      applied = patcher.apply(ingress, change, policy.getMetadata().getName(), rule.name(), now);
    } catch (KubernetesClientException e) {
      LOG.warn(
          "patching Ingress {}/{} failed: {}",
          ingress.getMetadata().getNamespace(),
          ingress.getMetadata().getName(),
          e.getMessage());
      return false;
    }
    Remediation r = remediation(ingress, rule, controller.annotation(change.settingKey()), applied);
    status.getRemediations().add(r);
    metrics.patched(rule.name());
    String what =
        applied.applied() == null
            ? "removed " + r.getAnnotation() + " (was \"" + applied.previous() + "\")"
            : "set "
                + r.getAnnotation()
                + " to \""
                + applied.applied()
                + "\" (was "
                + (applied.previous() == null ? "absent" : "\"" + applied.previous() + "\"")
                + ")";
    String message =
        verdict.explanation()
            + " wsaudit "
            + what
            + "; nginx reloads, and WebSockets open on this"
            + " controller close within its worker-shutdown-timeout.";
    events.normal(ingress, "Remediated", rule.name(), message);
    events.normal(
        policy, "Remediated", ingress.getMetadata().getName() + "/" + rule.name(), message);
    LOG.info(
        "remediated Ingress {}/{}: {}",
        ingress.getMetadata().getNamespace(),
        ingress.getMetadata().getName(),
        what);
    return true;
  }

  /**
   * After a patch: new healthy upgrades resolve the finding; failures past the grace period make it
   * Ineffective.
   */
  private void verify(
      WebSocketAuditPolicy policy,
      Ingress ingress,
      Rule rule,
      RuleInput input,
      Finding finding,
      Remediation remediation) {
    Instant patchedAt = Instant.parse(remediation.getTime());
    String key = ingress.getMetadata().getNamespace() + "/" + ingress.getMetadata().getName();
    List<ConnectionRecord> after = store.since(key, patchedAt);
    RuleInput post =
        new RuleInput(
            input.ingress(),
            after,
            input.minConnections(),
            input.earlyCloseThreshold(),
            input.proxyHttpVersion(),
            input.connectionProxyHeader(),
            input.configMapName(),
            input.now());
    Instant graceEnd = patchedAt.plus(gracePeriod);
    List<ConnectionRecord> failing =
        after.stream().filter(c -> !c.time().isBefore(graceEnd) && rule.counts(c, post)).toList();
    List<ConnectionRecord> healthy =
        after.stream()
            .filter(
                c ->
                    c.health(input.earlyCloseThreshold(), input.now())
                        == ConnectionRecord.Health.HEALTHY)
            .filter(c -> !WsAuditSpans.ProtocolVersion.HTTP_1_0.equals(c.protocolVersion()))
            .toList();
    String ing = ingress.getMetadata().getName();
    if (failing.size() >= input.minConnections()) {
      finding.setState(FindingState.Ineffective);
      fill(
          finding,
          failing,
          failing.size()
              + " WebSocket connections through Ingress "
              + ing
              + " still failed more"
              + " than "
              + gracePeriod.toSeconds()
              + "s after wsaudit changed "
              + remediation.getAnnotation()
              + ", so the cause lies elsewhere; wsaudit will not patch again, roll the change back if it is unwanted.");
      events.warning(ingress, "RemediationIneffective", rule.name(), finding.getExplanation());
      events.warning(
          policy, "RemediationIneffective", ing + "/" + rule.name(), finding.getExplanation());
    } else if (healthy.size() >= input.minConnections()) {
      finding.setState(FindingState.Resolved);
      finding.setExplanation(
          healthy.size()
              + " WebSocket upgrades through Ingress "
              + ing
              + " stayed open after"
              + " wsaudit changed "
              + remediation.getAnnotation()
              + "; the "
              + rule.name()
              + " problem is fixed.");
      events.normal(ingress, "Resolved", rule.name(), finding.getExplanation());
      events.normal(policy, "Resolved", ing + "/" + rule.name(), finding.getExplanation());
    }
  }

  private void warnBoth(WebSocketAuditPolicy policy, Ingress ingress, String rule, String message) {
    events.warning(ingress, rule, rule, message);
    events.warning(policy, rule, ingress.getMetadata().getName() + "/" + rule, message);
  }

  private static void fill(Finding f, List<ConnectionRecord> evidence, String explanation) {
    f.setExplanation(explanation);
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
    // The newest traces are the ones still findable in a tracing backend with short retention.
    Set<String> samples = new LinkedHashSet<>();
    evidence.stream()
        .sorted(Comparator.comparing(ConnectionRecord::time).reversed())
        .map(ConnectionRecord::traceId)
        .filter(Objects::nonNull)
        .forEach(samples::add);
    f.setSampleTraceIds(
        new ArrayList<>(
            new ArrayList<>(samples).subList(0, Math.min(MAX_SAMPLES, samples.size()))));
  }

  private static boolean allowed(WebSocketAuditPolicy policy, Rule rule) {
    List<String> allowed = policy.getSpec().getPatchRules();
    return allowed == null || allowed.isEmpty() || allowed.contains(rule.name());
  }

  private static Finding find(WebSocketAuditPolicyStatus s, String ingress, String rule) {
    return s.getFindings().stream()
        .filter(f -> ingress.equals(f.getIngress()) && rule.equals(f.getRule()))
        .findFirst()
        .orElse(null);
  }

  private static Remediation findApplied(
      WebSocketAuditPolicyStatus s, String ingress, String rule) {
    return s.getRemediations().stream()
        .filter(r -> ingress.equals(r.getIngress()) && rule.equals(r.getRule()))
        .filter(r -> r.getState() == RemediationState.Applied)
        .reduce((a, b) -> b)
        .orElse(null);
  }
}
