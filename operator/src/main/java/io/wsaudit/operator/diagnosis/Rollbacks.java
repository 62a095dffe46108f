package io.wsaudit.operator.diagnosis;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.Proxies;
import io.wsaudit.operator.proxy.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What deleting a policy undoes: every change it recorded on an Ingress, restored unless a person
 * changed the value since (then the person's value stays, and a Warning Event says so).
 */
public final class Rollbacks {

  private final ControllerSettings controller;
  private final Proxy proxy;

  public Rollbacks(ControllerSettings controller) {
    this.controller = controller;
    this.proxy = Proxies.of(controller);
  }

  /**
   * @param ingresses the policy's namespace, read fresh from the API server
   * @param settingKeys the settings the rules may patch
   */
  public List<Action> plan(String policy, List<Ingress> ingresses, List<String> settingKeys) {
    List<Action> actions = new ArrayList<>();
    for (Ingress ingress : ingresses) {
      // Each setting is judged on its own annotation, which another setting's rollback never
      // touches (merge patches name their keys alone), so one read of the Ingress serves all.
      for (String setting : settingKeys.stream().distinct().toList()) {
        var recorded = AppliedChange.recordedOn(ingress, setting);
        if (recorded.isEmpty() || !policy.equals(recorded.get().policy())) {
          continue;
        }
        AppliedChange change = recorded.get();
        String annotation = controller.annotation(setting);
        boolean untouched = Objects.equals(proxy.annotation(ingress, setting), change.applied());
        Action.Event announce =
            untouched
                ? Action.Event.normal(
                    ingress,
                    "RolledBack",
                    setting,
                    Explanations.rolledBack(policy, annotation, change.previous()))
                : Action.Event.warning(
                    ingress,
                    "RollbackSkipped",
                    setting,
                    Explanations.rollbackSkipped(policy, annotation));
        actions.add(new Action.Rollback(ingress, setting, change, untouched, announce));
      }
    }
    return actions;
  }
}
