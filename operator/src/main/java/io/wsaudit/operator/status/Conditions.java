package io.wsaudit.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sets standard conditions (type, status, reason, message, observedGeneration), keeping
 * lastTransitionTime when the status did not flip, so that the status is not rewritten on every
 * reconcile. The time comes from the caller, so that a diagnosis depends on its clock alone.
 */
public final class Conditions {

  private Conditions() {}

  public static List<Condition> set(
      List<Condition> existing,
      String type,
      boolean status,
      String reason,
      String message,
      Long generation,
      Instant now) {
    List<Condition> out = new ArrayList<>();
    String statusText = status ? "True" : "False";
    Condition previous = null;
    for (Condition c : existing == null ? List.<Condition>of() : existing) {
      if (type.equals(c.getType())) {
        previous = c;
      } else {
        out.add(c);
      }
    }
    String transition =
        previous != null && Objects.equals(previous.getStatus(), statusText)
            ? previous.getLastTransitionTime()
            : now.truncatedTo(ChronoUnit.SECONDS).toString();
    out.add(
        new ConditionBuilder()
            .withType(type)
            .withStatus(statusText)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(transition)
            .build());
    out.sort((a, b) -> a.getType().compareTo(b.getType()));
    return out;
  }
}
