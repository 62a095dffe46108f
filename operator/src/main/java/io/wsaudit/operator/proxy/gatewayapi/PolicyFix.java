package io.wsaudit.operator.proxy.gatewayapi;

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
}
