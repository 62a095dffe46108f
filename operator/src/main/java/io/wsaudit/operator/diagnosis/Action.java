package io.wsaudit.operator.diagnosis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.operator.proxy.AnnotationChange;
import io.wsaudit.operator.proxy.gatewayapi.PolicyChange;
import java.util.List;

/**
 * What a diagnosis asks of the cluster. Deciding and acting are apart so that the finding lifecycle
 * can be tested without a Kubernetes server; {@code remediation.ActionApplier} carries these out.
 */
public sealed interface Action
    permits Action.Write, Action.Rollback, Action.Event, Action.PolicyUndo {

  /**
   * A write a finding's remediation makes, of either kind; the API server may refuse it, and the
   * finding then stays Open (see {@link Diagnosis#withoutFailedPatch}).
   */
  sealed interface Write extends Action permits Patch, PolicyWrite {

    /** The route's name as the status keeps it ({@link RouteEvidence#name()}). */
    String findingName();

    String rule();

    String time();

    /** Events to record instead when the API server refuses the write. */
    List<Event> ifFailed();
  }

  /**
   * Apply annotation changes to one Ingress in one merge patch (one nginx reload), each recorded
   * beside its annotation.
   *
   * @param ingress the Ingress as the diagnosis saw it
   * @param changes the changes, each with what its bookkeeping annotation will say (previous value,
   *     policy, rule, time); never empty, all of one rule and time
   * @param announce Events to record once the patch is made
   * @param ifFailed Events to record instead when the API server refuses the patch (the finding
   *     then stays Open, see {@link Diagnosis#withoutFailedPatch})
   */
  record Patch(Ingress ingress, List<Change> changes, List<Event> announce, List<Event> ifFailed)
      implements Write {

    public Patch {
      changes = List.copyOf(changes);
      if (changes.isEmpty()) {
        throw new IllegalArgumentException("a patch changes at least one annotation");
      }
    }

    /** One annotation of the patch and its record. */
    public record Change(AnnotationChange change, AppliedChange record) {}

    public String ingressName() {
      return ingress.getMetadata().getName();
    }

    @Override
    public String findingName() {
      return ingressName();
    }

    @Override
    public String rule() {
      return changes.get(0).record().rule();
    }

    @Override
    public String time() {
      return changes.get(0).record().time();
    }
  }

  /**
   * Create or merge-patch one policy object of ours that targets a Gateway API route (one config
   * push of the Gateway); the change already names the policy that made it ({@code
   * gatewayapi.PolicyClaims}).
   *
   * @param route the route the object targets, for Events
   * @param change the write and its undo
   * @param findingName the route's name as the status keeps it
   */
  record PolicyWrite(
      HasMetadata route,
      PolicyChange change,
      String findingName,
      String rule,
      String time,
      List<Event> announce,
      List<Event> ifFailed)
      implements Write {}

  /** Undo one change of ours on a policy object: delete what we created, restore what we set. */
  record PolicyUndo(PolicyChange.Undo undo, Event announce) implements Action {}

  /**
   * Undo one recorded change: drop the bookkeeping annotation, and restore the previous value when
   * {@code restore} (false when a person changed the value since: theirs stays).
   */
  record Rollback(
      Ingress ingress, String settingKey, AppliedChange record, boolean restore, Event announce)
      implements Action {}

  /** A core/v1 Event on {@code involved}; the same reason and subject count up one Event. */
  record Event(HasMetadata involved, Type type, String reason, String subject, String message)
      implements Action {

    public enum Type {
      Normal,
      Warning
    }

    public static Event normal(HasMetadata involved, String reason, String subject, String msg) {
      return new Event(involved, Type.Normal, reason, subject, msg);
    }

    public static Event warning(HasMetadata involved, String reason, String subject, String msg) {
      return new Event(involved, Type.Warning, reason, subject, msg);
    }
  }
}
