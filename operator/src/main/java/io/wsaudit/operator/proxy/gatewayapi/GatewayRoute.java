package io.wsaudit.operator.proxy.gatewayapi;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.List;

/**
 * The HTTPRoute rule a connection went through, and the Gateways (of the wanted controllers) that
 * serve it.
 *
 * @param route the HTTPRoute as the index holds it
 * @param ruleIndex the rule's position in {@code spec.rules}
 * @param hostname the route hostname that matched ("" when the route lists none)
 * @param pathType {@code Exact}, {@code PathPrefix} or {@code RegularExpression}
 * @param pathValue the matched path value
 * @param parents the parent Gateways, in {@code parentRefs} order
 */
public record GatewayRoute(
    HTTPRoute route,
    int ruleIndex,
    String hostname,
    String pathType,
    String pathValue,
    List<GatewayParent> parents) {

  public GatewayRoute {
    parents = List.copyOf(parents);
  }

  public String namespace() {
    return route.getMetadata().getNamespace();
  }

  public String name() {
    return route.getMetadata().getName();
  }

  /** {@code namespace/name}, the key evidence would be kept under. */
  public String routeKey() {
    return namespace() + "/" + name();
  }

  public HTTPRouteRule rule() {
    return route.getSpec().getRules().get(ruleIndex);
  }

  /** The rule's name, or null; policies may target it as a {@code sectionName}. */
  public String ruleName() {
    return rule().getName();
  }
}
