package io.wsaudit.operator.diagnosis;

import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Remediation;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.proxy.AnnotationChange;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.Proxies;
import io.wsaudit.operator.proxy.Proxy;
import io.wsaudit.operator.rules.Rule;
import io.wsaudit.operator.rules.RuleInput;
import io.wsaudit.operator.rules.RuleVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moves one finding (one Ingress, one rule) through its states: Open → Remediated → Resolved |
 * Ineffective, or NotRemediable. It changes the status it is given and lists the actions that go
 * with each step; it never touches the cluster.
 */
final class FindingLifecycle {

  private final ControllerSettings controller;
  private final Proxy proxy;
  private final Duration gracePeriod;

  FindingLifecycle(ControllerSettings controller, Duration gracePeriod) {
    this.controller = controller;
    this.proxy = Proxies.of(controller);
    this.gracePeriod = gracePeriod;
  }

  /** One finding's step: where, what the rule sees, and what the policy allows. */
  record Step(
      WebSocketAuditPolicy policy,
      PolicyTerms terms,
      WebSocketAuditPolicyStatus status,
      RouteEvidence route,
      Rule rule,
      RuleInput input,
      Instant now) {

    String subject() {
      return route.name() + "/" + rule.name();
    }
  }

  /** Returns true when a patch was wanted but the controller's slot was taken. */
  boolean advance(Step s, PatchSlot slot, List<Action> actions) {
    String name = s.route().name();
    String rule = s.rule().name();
    Finding finding = StatusEntries.finding(s.status(), name, rule);
    Remediation remediation = StatusEntries.applied(s.status(), name, rule);
    if (remediation == null) {
      // The Ingress's own record wins over a status that lost a write (conflict, restart between
      // patch and status).
      remediation = adoptRecordedChange(s);
      if (remediation != null && finding == null) {
        finding = StatusEntries.newFinding(s.status(), name, rule);
        finding.setState(FindingState.Remediated);
        StatusEntries.fill(
            finding,
            s.input().connections().stream().filter(c -> s.rule().counts(c, s.input())).toList(),
            Explanations.adopted(remediation.getAnnotation(), name, rule));
      }
    }
    if (remediation != null && finding != null) {
      if (finding.getState() == FindingState.Remediated) {
        verify(s, finding, remediation, actions);
      }
      // After a patch a finding never leads to a second one: no patch loop.
      return false;
    }
    Optional<RuleVerdict> maybe = s.rule().evaluate(s.input());
    if (maybe.isEmpty()) {
      return false;
    }
    RuleVerdict verdict = maybe.get();
    FindingState before = finding == null ? null : finding.getState();
    if (finding == null) {
      finding = StatusEntries.newFinding(s.status(), name, rule);
    }
    StatusEntries.fill(finding, verdict.evidence(), verdict.explanation());
    // A finding that is (again) Open or NotRemediable is news once, when it gets there.
    List<Action.Event> warnings =
        before == FindingState.Open ? List.of() : warnBoth(s, verdict.explanation());
    boolean postponed = false;
    FindingState state;
    if (!verdict.remediable()) {
      state = FindingState.NotRemediable;
    } else if (s.terms().mayPatch(rule) && !s.terms().mayWriteTo(s.input().proxy().proxy())) {
      // No write ever goes to an object of a proxy the policy does not enable: report only.
      state = FindingState.Open;
      finding.setExplanation(
          Explanations.proxyNotEnabled(finding.getExplanation(), s.input().proxy().proxy()));
    } else if (s.terms().mayPatch(rule)) {
      if (slot.tryTake(s.now())) {
        state = FindingState.Remediated;
        if (verdict.policyChanges().isEmpty()) {
          actions.add(patch(s, verdict, warnings));
        } else {
          actions.addAll(PolicyWrites.plan(s, verdict, warnings));
        }
      } else {
        state = FindingState.Open;
        postponed = true;
      }
    } else {
      state = FindingState.Open;
    }
    finding.setState(state);
    if (before != state && state != FindingState.Remediated) {
      actions.addAll(warnBoth(s, verdict.explanation()));
    }
    return postponed;
  }

  /** Every change of this policy and rule recorded on the Ingress, entered in the status. */
  private Remediation adoptRecordedChange(Step s) {
    Remediation last = null;
    if (s.route().ingress().isEmpty()) {
      // A policy object of ours records its author instead (gatewayapi.PolicyClaims); a lost
      // status there means a fresh evaluation against the settings it already raised.
      return null;
    }
    for (String setting : s.rule().patchedSettings()) {
      var recorded = AppliedChange.recordedOn(s.route().ingress().get(), setting);
      if (recorded.isEmpty()
          || !s.terms().policy().equals(recorded.get().policy())
          || !s.rule().name().equals(recorded.get().rule())) {
        continue;
      }
      last =
          StatusEntries.remediation(
              s.route().name(), s.rule().name(), controller.annotation(setting), recorded.get());
      s.status().getRemediations().add(last);
    }
    return last;
  }

  /** Records the remediations now; {@link Diagnosis#withoutFailedPatch} undoes them if it fails. */
  private Action.Patch patch(Step s, RuleVerdict verdict, List<Action.Event> ifFailed) {
    List<Action.Patch.Change> changes = new ArrayList<>();
    List<String> what = new ArrayList<>();
    for (AnnotationChange change : verdict.changes()) {
      String annotation = controller.annotation(change.settingKey());
      AppliedChange record =
          new AppliedChange(
              proxy.annotation(s.route().ingress().orElseThrow(), change.settingKey()),
              change.value(),
              s.terms().policy(),
              s.rule().name(),
              s.now().toString());
      s.status()
          .getRemediations()
          .add(StatusEntries.remediation(s.route().name(), s.rule().name(), annotation, record));
      changes.add(new Action.Patch.Change(change, record));
      what.add(Explanations.what(annotation, record));
    }
    String message = Explanations.remediated(verdict.explanation(), String.join(" and ", what));
    return new Action.Patch(
        s.route().ingress().orElseThrow(),
        changes,
        List.of(
            Action.Event.normal(s.route().route(), "Remediated", s.rule().name(), message),
            Action.Event.normal(s.policy(), "Remediated", s.subject(), message)),
        ifFailed);
  }

  /**
   * After a patch: new healthy upgrades resolve the finding; failures past the grace period make it
   * Ineffective.
   */
  private void verify(Step s, Finding finding, Remediation remediation, List<Action> actions) {
    RuleInput in = s.input();
    Instant patchedAt = Instant.parse(remediation.getTime());
    List<ConnectionRecord> after = s.route().since(patchedAt);
    List<Remediation> together =
        StatusEntries.appliedTogether(s.status(), s.route().name(), s.rule().name(), patchedAt);
    // Connections are judged against the settings before the patch: still cut by the old value
    // means the patch did not help; outliving it means it did.
    RuleInput post = s.rule().beforePatch(in.withConnections(after), previousValues(s, together));
    Instant graceEnd = patchedAt.plus(gracePeriod);
    List<ConnectionRecord> failing =
        after.stream()
            .filter(c -> !c.time().isBefore(graceEnd) && s.rule().counts(c, post))
            .toList();
    List<ConnectionRecord> healthy =
        after.stream().filter(c -> s.rule().showsFixed(c, post)).toList();
    String annotations =
        String.join(" and ", together.stream().map(Remediation::getAnnotation).toList());
    String ing = s.route().name();
    String rule = s.rule().name();
    if (failing.size() >= in.minConnections()) {
      finding.setState(FindingState.Ineffective);
      StatusEntries.fill(
          finding,
          failing,
          Explanations.ineffective(failing.size(), ing, gracePeriod, annotations));
      actions.add(
          Action.Event.warning(
              s.route().route(), "RemediationIneffective", rule, finding.getExplanation()));
      actions.add(
          Action.Event.warning(
              s.policy(), "RemediationIneffective", s.subject(), finding.getExplanation()));
    } else if (healthy.size() >= in.minConnections()) {
      finding.setState(FindingState.Resolved);
      finding.setExplanation(Explanations.resolved(healthy.size(), ing, annotations, rule));
      actions.add(
          Action.Event.normal(s.route().route(), "Resolved", rule, finding.getExplanation()));
      actions.add(
          Action.Event.normal(s.policy(), "Resolved", s.subject(), finding.getExplanation()));
    }
  }

  /** Setting key → the value each annotation had before the patch (null: absent). */
  private Map<String, String> previousValues(Step s, List<Remediation> patch) {
    Map<String, String> previous = new HashMap<>();
    for (String setting : s.rule().patchedSettings()) {
      // An Ingress's record names the controller's annotation; a policy object's names its field.
      String annotation =
          s.route().isIngress()
              ? controller.annotation(setting)
              : s.input().proxy().fixes().key(setting);
      patch.stream()
          .filter(r -> annotation.equals(r.getAnnotation()))
          .findFirst()
          .ifPresent(r -> previous.put(setting, r.getPreviousValue()));
    }
    return previous;
  }

  static List<Action.Event> warnBoth(Step s, String message) {
    String rule = s.rule().name();
    return List.of(
        Action.Event.warning(s.route().route(), rule, rule, message),
        Action.Event.warning(s.policy(), rule, s.subject(), message));
  }
}
