package io.wsaudit.operator.proxy.gatewayapi;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which objects a Gateway API policy (GEP-713 direct attachment) targets: {@code spec.targetRef},
 * {@code spec.targetRefs} (each with an optional {@code sectionName}) and Envoy Gateway's {@code
 * spec.targetSelectors} (kind plus label selector). Policies are read as {@code
 * GenericKubernetesResource}s so no vendor model is needed; they attach only within their own
 * namespace ({@code LocalPolicyTargetReference}).
 */
public final class PolicyTargets {

  /** Where implementations let the older of two conflicting policies win. */
  public static final Comparator<HasMetadata> OLDEST_FIRST =
      Comparator.comparing(
              (HasMetadata p) ->
                  Optional.ofNullable(p.getMetadata().getCreationTimestamp()).orElse("9999"))
          .thenComparing(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName());

  private PolicyTargets() {}

  /**
   * The sections of {@code target} that {@code policy} attaches to: null in the list for the whole
   * object, a listener or rule name otherwise; empty when it does not target it.
   */
  public static List<String> sections(GenericKubernetesResource policy, HasMetadata target) {
    List<String> out = new ArrayList<>();
    if (!Objects.equals(policy.getMetadata().getNamespace(), target.getMetadata().getNamespace())) {
      return out;
    }
    List<Map<String, Object>> refs = new ArrayList<>(maps(policy.get("spec", "targetRefs")));
    Object single = policy.get("spec", "targetRef");
    if (single instanceof Map<?, ?> m) {
      refs.add(cast(m));
    }
    for (Map<String, Object> ref : refs) {
      if (HttpRouteRouter.GROUP.equals(ref.getOrDefault("group", HttpRouteRouter.GROUP))
          && target.getKind().equals(ref.get("kind"))
          && target.getMetadata().getName().equals(ref.get("name"))) {
        out.add((String) ref.get("sectionName"));
      }
    }
    for (Map<String, Object> sel : maps(policy.get("spec", "targetSelectors"))) {
      if (HttpRouteRouter.GROUP.equals(sel.getOrDefault("group", HttpRouteRouter.GROUP))
          && target.getKind().equals(sel.get("kind"))
          && LabelSelectors.matches(sel, target.getMetadata().getLabels())) {
        out.add(null);
      }
    }
    return out;
  }

  /** The oldest of {@code policies} attached to {@code target}'s {@code section} (null: whole). */
  public static Optional<GenericKubernetesResource> oldestAt(
      List<GenericKubernetesResource> policies, HasMetadata target, String section) {
    return policies.stream().filter(p -> sections(p, target).contains(section)).min(OLDEST_FIRST);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> maps(Object list) {
    if (!(list instanceof List<?> l)) {
      return List.of();
    }
    return l.stream().filter(Map.class::isInstance).map(m -> (Map<String, Object>) m).toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
