package io.wsaudit.operator.diagnosis;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.wsaudit.operator.proxy.gatewayapi.PolicyClaims;
import java.util.ArrayList;
import java.util.List;

/**
 * What deleting a policy undoes on the policy objects of ours it changed, read from the objects
 * themselves ({@link PolicyClaims}): an object it created is deleted, fields it patched are
 * restored.
 */
public final class PolicyRollbacks {

  private PolicyRollbacks() {}

  /**
   * @param owned the policy objects of ours in the policy's namespace, read fresh from the API
   *     server
   */
  public static List<Action> plan(String policy, List<GenericKubernetesResource> owned) {
    List<Action> actions = new ArrayList<>();
    for (GenericKubernetesResource p : owned) {
      PolicyClaims.undo(p, policy)
          .ifPresent(
              undo -> {
                String name =
                    p.getKind() + " " + p.getMetadata().getNamespace() + "/" + undo.name();
                String message =
                    "policy "
                        + policy
                        + " was deleted: wsaudit "
                        + (undo.delete()
                            ? "deleted " + name + ", which it had created"
                            : "restored the fields it had set on " + name);
                actions.add(
                    new Action.PolicyUndo(
                        undo, Action.Event.normal(p, "RolledBack", undo.name(), message)));
              });
    }
    return actions;
  }
}
