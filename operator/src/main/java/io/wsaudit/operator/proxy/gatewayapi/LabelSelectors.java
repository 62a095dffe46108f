package io.wsaudit.operator.proxy.gatewayapi;

import java.util.List;
import java.util.Map;

/**
 * A Kubernetes label selector ({@code matchLabels} and {@code matchExpressions} with {@code In},
 * {@code NotIn}, {@code Exists}, {@code DoesNotExist}) read from a policy's plain map; all terms
 * must hold. An empty selector selects everything, as Kubernetes reads it.
 */
final class LabelSelectors {

  private LabelSelectors() {}

  static boolean matches(Map<String, Object> selector, Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    if (selector.get("matchLabels") instanceof Map<?, ?> ml) {
      for (Map.Entry<?, ?> e : ml.entrySet()) {
        if (!String.valueOf(e.getValue()).equals(l.get(String.valueOf(e.getKey())))) {
          return false;
        }
      }
    }
    for (Map<String, Object> expr : PolicyTargets.maps(selector.get("matchExpressions"))) {
      String key = String.valueOf(expr.get("key"));
      List<?> values = expr.get("values") instanceof List<?> v ? v : List.of();
      boolean ok =
          switch (String.valueOf(expr.get("operator"))) {
            case "In" -> l.containsKey(key) && values.contains(l.get(key));
            case "NotIn" -> !l.containsKey(key) || !values.contains(l.get(key));
            case "Exists" -> l.containsKey(key);
            case "DoesNotExist" -> !l.containsKey(key);
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
