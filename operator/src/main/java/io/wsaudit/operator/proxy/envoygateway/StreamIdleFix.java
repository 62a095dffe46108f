package io.wsaudit.operator.proxy.envoygateway;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.wsaudit.operator.proxy.gatewayapi.GatewayDuration;
import io.wsaudit.operator.proxy.gatewayapi.GatewayRoute;
import io.wsaudit.operator.proxy.gatewayapi.OwnedPolicies;
import io.wsaudit.operator.proxy.gatewayapi.PolicyFix;
import io.wsaudit.operator.proxy.gatewayapi.PolicyTargets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The change that raises a route's WebSocket idle limit on Envoy Gateway: a BackendTrafficPolicy of
 * ours on the HTTPRoute with {@code timeout.http.streamIdleTimeout}, created (with {@code
 * mergeType: StrategicMerge}, so the Gateway's own BackendTrafficPolicy still applies to the route;
 * without a parent policy the merge falls back to ours alone, {@code
 * internal/gatewayapi/backendtrafficpolicy.go}) or patched when ours exists. When someone else's
 * policy holds the route or the rule, ours would lose to it (the older policy wins the slot, and a
 * rule's policy displaces a route's), so the operator only reports which field to set on it.
 */
public final class StreamIdleFix {

  private StreamIdleFix() {}

  public static PolicyFix plan(
      GatewayRoute route, List<GenericKubernetesResource> backendPolicies, Duration wanted) {
    String value = GatewayDuration.format(wanted);
    Map<List<String>, String> field = Map.of(EnvoyGateway.STREAM_IDLE_TIMEOUT, value);
    if (route.ruleName() != null) {
      Optional<GenericKubernetesResource> rule =
          PolicyTargets.oldestAt(backendPolicies, route.route(), route.ruleName());
      if (rule.isPresent() && !OwnedPolicies.isOurs(rule.get())) {
        return foreign(rule.get(), route, value);
      }
    }
    Optional<GenericKubernetesResource> holder =
        PolicyTargets.oldestAt(backendPolicies, route.route(), null);
    if (holder.isPresent() && !OwnedPolicies.isOurs(holder.get())) {
      return foreign(holder.get(), route, value);
    }
    return PolicyFix.apply(
        OwnedPolicies.patchOrCreate(
            holder,
            EnvoyGatewayProxy.BACKEND,
            route.route(),
            Map.of("mergeType", "StrategicMerge"),
            field));
  }

  private static PolicyFix foreign(GenericKubernetesResource p, GatewayRoute route, String value) {
    return PolicyFix.notOurs(
        EnvoyGateway.BACKEND_TRAFFIC_POLICY,
        p,
        "governs",
        route,
        "spec.timeout.http.streamIdleTimeout",
        value,
        "a policy of ours would lose to it");
  }
}
