package io.wsaudit.operator.proxy.gatewayapi;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;

/**
 * One write to a policy object the operator owns, and the write that undoes exactly it.
 *
 * @param kind create the object, or merge-patch an existing one of ours
 * @param policy for CREATE the object to create; for PATCH the object as it will read afterwards
 * @param mergePatch for PATCH the JSON merge patch (RFC 7386) to send; null for CREATE
 * @param rollback what undoes this change
 * @param fields the settings written, by their path from the object root
 * @param previous each field's value before the change (absent or null: it was unset)
 */
public record PolicyChange(
    Kind kind,
    GenericKubernetesResource policy,
    Map<String, Object> mergePatch,
    Undo rollback,
    Map<List<String>, String> fields,
    Map<List<String>, String> previous) {

  /** {@code <Kind> <namespace>/<name>}, as statuses and Events name the object. */
  public String objectName() {
    return policy.getKind()
        + " "
        + policy.getMetadata().getNamespace()
        + "/"
        + policy.getMetadata().getName();
  }

  public enum Kind {
    CREATE,
    PATCH
  }

  /**
   * The undo: delete the object we created, or merge-patch the fields back (and drop their
   * bookkeeping annotations).
   *
   * @param delete true to delete {@code namespace/name}
   * @param mergePatch the restoring patch when not deleting
   */
  public record Undo(
      String apiVersion,
      String policyKind,
      String namespace,
      String name,
      boolean delete,
      Map<String, Object> mergePatch) {}
}
