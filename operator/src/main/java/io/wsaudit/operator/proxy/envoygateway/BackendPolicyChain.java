package io.wsaudit.operator.proxy.envoygateway;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.wsaudit.operator.proxy.gatewayapi.GatewayParent;
import io.wsaudit.operator.proxy.gatewayapi.GatewayRoute;
import io.wsaudit.operator.proxy.gatewayapi.PolicyTargets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The BackendTrafficPolicies in effect for one route rule through one parent Gateway, most specific
 * first, as Envoy Gateway resolves them ({@code internal/gatewayapi/backendtrafficpolicy.go}): a
 * policy on the rule ({@code sectionName} = rule name) displaces one on the route, which displaces
 * one on the listener or Gateway; with {@code mergeType} set the most specific one is merged into
 * its closest parent (listener, else Gateway) instead, so both count. At each scope the oldest
 * policy wins (sorted by creation, then namespace/name, in {@code
 * internal/gatewayapi/resource/resource.go}; first write wins the slot).
 *
 * @param policies applicable policies with the scope each came from, most specific first
 */
record BackendPolicyChain(List<Scoped> policies) {

  record Scoped(GenericKubernetesResource policy, StreamIdleLimit.Source scope) {}

  static BackendPolicyChain of(
      GatewayRoute route, GatewayParent parent, List<GenericKubernetesResource> btps) {
    List<Scoped> out = new ArrayList<>();
    Optional<GenericKubernetesResource> rule =
        route.ruleName() == null
            ? Optional.empty()
            : PolicyTargets.oldestAt(btps, route.route(), route.ruleName());
    rule.ifPresent(p -> out.add(new Scoped(p, StreamIdleLimit.Source.ROUTE_RULE_POLICY)));
    if (rule.isEmpty()) {
      PolicyTargets.oldestAt(btps, route.route(), null)
          .ifPresent(p -> out.add(new Scoped(p, StreamIdleLimit.Source.ROUTE_POLICY)));
    }
    if (out.isEmpty() || out.get(0).policy().get("spec", "mergeType") != null) {
      gatewayPolicy(parent, btps)
          .ifPresent(p -> out.add(new Scoped(p, StreamIdleLimit.Source.GATEWAY_POLICY)));
    }
    return new BackendPolicyChain(List.copyOf(out));
  }

  /** The listener's policy when the parentRef names a listener, else the Gateway-wide one. */
  static Optional<GenericKubernetesResource> gatewayPolicy(
      GatewayParent parent, List<GenericKubernetesResource> policies) {
    Optional<GenericKubernetesResource> p =
        parent.sectionName() == null
            ? Optional.empty()
            : PolicyTargets.oldestAt(policies, parent.gateway(), parent.sectionName());
    return p.isPresent() ? p : PolicyTargets.oldestAt(policies, parent.gateway(), null);
  }

  /** The first policy in the chain that sets {@code field}, with its value. */
  Optional<Found> first(List<String> field) {
    for (Scoped s : policies) {
      Object v = s.policy.get(field.toArray());
      if (v != null) {
        return Optional.of(new Found(s, v));
      }
    }
    return Optional.empty();
  }

  record Found(Scoped at, Object value) {
    String from() {
      return at.policy.getMetadata().getNamespace() + "/" + at.policy.getMetadata().getName();
    }
  }
}
