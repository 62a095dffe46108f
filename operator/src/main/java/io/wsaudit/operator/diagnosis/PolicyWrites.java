package io.wsaudit.operator.diagnosis;

import io.wsaudit.operator.proxy.gatewayapi.PolicyChange;
import io.wsaudit.operator.proxy.gatewayapi.PolicyClaims;
import io.wsaudit.operator.rules.RuleVerdict;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes that remediate a finding on a Gateway API route: each {@link PolicyChange} of the
 * verdict, signed with the policy's name, one Remediation per field in the status (the object and
 * field as its "annotation", the value before), and the Events that go with them.
 */
final class PolicyWrites {

  private PolicyWrites() {}

  static List<Action.PolicyWrite> plan(
      FindingLifecycle.Step s, RuleVerdict verdict, List<Action.Event> ifFailed) {
    String time = s.now().toString();
    String policy = s.terms().policy();
    String rule = s.rule().name();
    List<Action.PolicyWrite> writes = new ArrayList<>();
    for (PolicyChange planned : verdict.policyChanges()) {
      PolicyChange change = PolicyClaims.by(planned, policy);
      List<String> what = new ArrayList<>();
      change
          .fields()
          .forEach(
              (field, value) -> {
                String where = fieldName(change, field);
                AppliedChange record =
                    new AppliedChange(change.previous().get(field), value, policy, rule, time);
                s.status()
                    .getRemediations()
                    .add(StatusEntries.remediation(s.route().name(), rule, where, record));
                what.add(Explanations.what(where, record));
              });
      String verb = change.kind() == PolicyChange.Kind.CREATE ? "created " : "patched ";
      String message =
          Explanations.remediatedPolicy(
              verdict.explanation(), verb + change.objectName() + ": " + String.join(", ", what));
      writes.add(
          new Action.PolicyWrite(
              s.route().route(),
              change,
              s.route().name(),
              rule,
              time,
              List.of(
                  Action.Event.normal(s.route().route(), "Remediated", rule, message),
                  Action.Event.normal(s.policy(), "Remediated", s.subject(), message)),
              ifFailed));
    }
    return writes;
  }

  /** {@code <Kind> <ns>/<name> <field path>}: what a Remediation names for a policy field. */
  static String fieldName(PolicyChange change, List<String> field) {
    return change.objectName() + " " + String.join(".", field);
  }
}
