package io.wsaudit.operator.rules;

import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.proxy.AnnotationChange;
import io.wsaudit.operator.proxy.Fix;
import io.wsaudit.operator.proxy.gatewayapi.PolicyChange;
import java.util.List;

/**
 * A rule's conclusion about one route.
 *
 * @param rule the rule's name
 * @param evidence the failed connections behind the conclusion
 * @param explanation one sentence a person can act on
 * @param changes the annotation changes that fix it, made together in one patch (one nginx reload)
 * @param policyChanges the writes to policy objects of ours that fix it (a Gateway API route); with
 *     {@code changes} both empty, no write of ours can (the verdict is then NotRemediable)
 */
public record RuleVerdict(
    String rule,
    List<ConnectionRecord> evidence,
    String explanation,
    List<AnnotationChange> changes,
    List<PolicyChange> policyChanges) {

  public RuleVerdict {
    changes = List.copyOf(changes);
    policyChanges = List.copyOf(policyChanges);
  }

  public RuleVerdict(
      String rule,
      List<ConnectionRecord> evidence,
      String explanation,
      List<AnnotationChange> changes) {
    this(rule, evidence, explanation, changes, List.of());
  }

  /** The verdict whose remedy is {@code fix}'s writes. */
  public static RuleVerdict of(
      String rule, List<ConnectionRecord> evidence, String explanation, Fix fix) {
    return new RuleVerdict(rule, evidence, explanation, fix.changes(), fix.policyChanges());
  }

  public boolean remediable() {
    return !changes.isEmpty() || !policyChanges.isEmpty();
  }
}
