package io.wsaudit.operator.proxy;

import io.wsaudit.operator.proxy.gatewayapi.PolicyChange;
import java.util.List;

/**
 * What fixes a diagnosis on one proxy: the changes wsaudit may make (one patch) — annotation
 * changes on the route's Ingress, or writes to a policy object of ours that targets the route's
 * HTTPRoute — or, when the fix is not ours to write, none and a sentence naming the exact key a
 * person must change.
 *
 * @param changes annotation changes on the route's Ingress
 * @param policyChanges writes to policy objects wsaudit owns (Gateway API routes)
 * @param instruction the fix in words, naming the proxy's keys (ends with a period)
 */
public record Fix(
    List<AnnotationChange> changes, List<PolicyChange> policyChanges, String instruction) {

  public Fix {
    changes = List.copyOf(changes);
    policyChanges = List.copyOf(policyChanges);
  }

  /** Annotation changes on the route's Ingress. */
  public Fix(List<AnnotationChange> changes, String instruction) {
    this(changes, List.of(), instruction);
  }

  /** A write to a policy object of ours. */
  public static Fix policy(PolicyChange change, String instruction) {
    return new Fix(List.of(), List.of(change), instruction);
  }

  /** A fix a person makes: nothing for wsaudit to write. */
  public static Fix report(String instruction) {
    return new Fix(List.of(), instruction);
  }

  public boolean ours() {
    return !changes.isEmpty() || !policyChanges.isEmpty();
  }
}
