package io.wsaudit.operator.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.correlation.IngressClasses;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which Ingresses a policy may judge and patch: same namespace, matching {@code ingressSelector},
 * and of a class served by the configured ingress-nginx controller (narrowed by {@code
 * ingressClassNames}, never widened).
 */
public final class PolicyScope {

  private PolicyScope() {}

  public static boolean covers(
      WebSocketAuditPolicy policy, Ingress ingress, Set<String> controllerClasses) {
    if (!Objects.equals(
        policy.getMetadata().getNamespace(), ingress.getMetadata().getNamespace())) {
      return false;
    }
    Set<String> classes = new HashSet<>(controllerClasses);
    List<String> named = policy.getSpec().getIngressClassNames();
    if (named != null && !named.isEmpty()) {
      classes.retainAll(named);
    }
    return IngressClasses.isServedBy(ingress, classes)
        && matches(policy.getSpec().getIngressSelector(), ingress.getMetadata().getLabels());
  }

  /** Kubernetes label-selector semantics; a null or empty selector matches everything. */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    if (selector == null) {
      return true;
    }
    if (selector.getMatchLabels() != null) {
      for (var e : selector.getMatchLabels().entrySet()) {
        if (!Objects.equals(l.get(e.getKey()), e.getValue())) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String v = l.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        boolean ok =
            switch (r.getOperator()) {
              case "In" -> v != null && values.contains(v);
              case "NotIn" -> v == null || !values.contains(v);
              case "Exists" -> l.containsKey(r.getKey());
              case "DoesNotExist" -> !l.containsKey(r.getKey());
              default -> false;
            };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }
}
