package io.wsaudit.operator.proxy.gatewayapi;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.wsaudit.operator.proxy.Fix;
import java.util.List;
import java.util.Optional;

/**
 * What the operator can do about a diagnosis on a Gateway API route: a {@link PolicyChange} to
 * apply, or only a report saying what a person has to change and why we may not.
 *
 * @param change the write, when the operator may make it
 * @param report one sentence for a report-only outcome; null when {@code change} is present
 */
public record PolicyFix(Optional<PolicyChange> change, String report) {

  public static PolicyFix apply(PolicyChange change) {
    return new PolicyFix(Optional.of(change), null);
  }

  public static PolicyFix reportOnly(String report) {
    return new PolicyFix(Optional.empty(), report);
  }

  /**
   * Only a report, when someone else's policy {@code p} (a {@code policyKind}) {@code does} on
   * {@code route}: a person sets its {@code fieldsSaid} to {@code value}; {@code why} says why a
   * policy of ours would not help.
   */
  public static PolicyFix notOurs(
      String policyKind,
      GenericKubernetesResource p,
      String does,
      GatewayRoute route,
      String fieldsSaid,
      String value,
      String why) {
    return reportOnly(
        policyKind
            + " "
            + Cache.metaNamespaceKeyFunc(p)
            + " "
            + does
            + " HTTPRoute "
            + route.routeKey()
            + " and is not ours; set its "
            + fieldsSaid
            + " to "
            + value
            + " ("
            + why
            + ")");
  }

  /**
   * The write as the seam carries it, explained as "The fix is {@code fieldsSaid} (the value
   * written to {@code valueField}) on a {@code policyKind} of wsaudit's targeting only HTTPRoute
   * {@code route}." and {@code note}. Only when {@link #change()} is present.
   */
  public Fix asFix(
      String fieldsSaid,
      List<String> valueField,
      String policyKind,
      GatewayRoute route,
      String note) {
    PolicyChange c = change.orElseThrow();
    return Fix.policy(
        c,
        "The fix is "
            + fieldsSaid
            + " "
            + c.fields().get(valueField)
            + " on a "
            + policyKind
            + " of wsaudit's targeting only HTTPRoute "
            + route.routeKey()
            + "."
            + note);
  }
}
