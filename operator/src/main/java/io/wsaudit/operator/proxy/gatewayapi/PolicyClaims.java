package io.wsaudit.operator.proxy.gatewayapi;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which WebSocketAuditPolicy made a change to one of our policy objects, recorded on the object
 * itself (as the Ingress path records each change on the Ingress), so deleting that policy undoes
 * exactly its change even when its status is gone: an object it created ({@code
 * wsaudit.io/created-by}) is deleted; fields it patched ({@code wsaudit.io/patched-by}, beside each
 * field's {@code wsaudit.io/remediated-<field>} record) are restored.
 */
public final class PolicyClaims {

  public static final String CREATED_BY = "wsaudit.io/created-by";
  public static final String PATCHED_BY = "wsaudit.io/patched-by";

  private PolicyClaims() {}

  /** The change with {@code policy} recorded as its author. */
  public static PolicyChange by(PolicyChange c, String policy) {
    if (c.kind() == PolicyChange.Kind.CREATE) {
      GenericKubernetesResource p = Json.copy(c.policy());
      Map<String, String> a = new LinkedHashMap<>(annotations(p));
      a.put(CREATED_BY, policy);
      p.getMetadata().setAnnotations(a);
      return new PolicyChange(c.kind(), p, null, c.rollback(), c.fields(), c.previous());
    }
    Map<String, Object> patch = withAnnotation(c.mergePatch(), policy);
    PolicyChange.Undo u = c.rollback();
    PolicyChange.Undo undo =
        new PolicyChange.Undo(
            u.apiVersion(),
            u.policyKind(),
            u.namespace(),
            u.name(),
            false,
            withAnnotation(u.mergePatch(), null));
    return new PolicyChange(c.kind(), c.policy(), patch, undo, c.fields(), c.previous());
  }

  /** What undoes {@code policy}'s change on this object of ours; empty when it made none. */
  public static Optional<PolicyChange.Undo> undo(GenericKubernetesResource p, String policy) {
    if (!OwnedPolicies.isOurs(p)) {
      return Optional.empty();
    }
    Map<String, String> a = annotations(p);
    String ns = p.getMetadata().getNamespace();
    String name = p.getMetadata().getName();
    if (policy.equals(a.get(CREATED_BY))) {
      return Optional.of(
          new PolicyChange.Undo(p.getApiVersion(), p.getKind(), ns, name, true, null));
    }
    if (!policy.equals(a.get(PATCHED_BY))) {
      return Optional.empty();
    }
    Map<String, Object> restore = new LinkedHashMap<>();
    Map<String, Object> dropped = new HashMap<>();
    a.forEach(
        (key, previous) -> {
          if (key.startsWith(OwnedPolicies.BOOKKEEPING_PREFIX)) {
            List<String> path =
                List.of(key.substring(OwnedPolicies.BOOKKEEPING_PREFIX.length()).split("\\."));
            OwnedPolicies.put(restore, path, previous.isEmpty() ? null : previous);
            dropped.put(key, null);
          }
        });
    dropped.put(PATCHED_BY, null);
    restore.put("metadata", Map.of("annotations", dropped));
    return Optional.of(
        new PolicyChange.Undo(p.getApiVersion(), p.getKind(), ns, name, false, restore));
  }

  private static Map<String, Object> withAnnotation(Map<String, Object> patch, String policy) {
    Map<String, Object> out = new LinkedHashMap<>(patch);
    Map<String, Object> annotations = new HashMap<>();
    if (patch.get("metadata") instanceof Map<?, ?> m
        && m.get("annotations") instanceof Map<?, ?> x) {
      x.forEach((k, v) -> annotations.put((String) k, v));
    }
    annotations.put(PATCHED_BY, policy);
    out.put("metadata", Map.of("annotations", annotations));
    return out;
  }

  private static Map<String, String> annotations(GenericKubernetesResource p) {
    Map<String, String> a = p.getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }
}
