package io.wsaudit.operator.proxy.ngf;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.wsaudit.operator.proxy.gatewayapi.GatewayRoute;
import io.wsaudit.operator.proxy.gatewayapi.OwnedPolicies;
import io.wsaudit.operator.proxy.gatewayapi.PolicyFix;
import io.wsaudit.operator.proxy.gatewayapi.PolicyTargets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The change that raises NGF's read and send timers for a route: a ProxySettingsPolicy of ours on
 * the HTTPRoute with {@code timeout.read} and {@code timeout.send}, created, or patched when ours
 * exists. An older policy of someone else's on the route that sets either timer would make ours a
 * conflict and reject it whole (see {@link ProxyTimeouts}), so then the operator only reports which
 * fields to set on that one.
 */
public final class ProxyTimeoutFix {

  private ProxyTimeoutFix() {}

  public static PolicyFix plan(
      GatewayRoute route, List<GenericKubernetesResource> policies, Duration wanted) {
    String value = NginxDuration.format(wanted);
    Map<List<String>, String> fields = new LinkedHashMap<>();
    fields.put(NginxGatewayFabric.READ_TIMEOUT, value);
    fields.put(NginxGatewayFabric.SEND_TIMEOUT, value);
    List<GenericKubernetesResource> accepted = ProxyTimeouts.accepted(policies, route.route());
    Optional<GenericKubernetesResource> ours =
        policies.stream()
            .filter(OwnedPolicies::isOurs)
            .filter(p -> !PolicyTargets.sections(p, route.route()).isEmpty())
            .min(PolicyTargets.OLDEST_FIRST);
    for (GenericKubernetesResource p : accepted) {
      if (OwnedPolicies.isOurs(p)) {
        break;
      }
      if (setsTimer(p)) {
        return PolicyFix.notOurs(
            NginxGatewayFabric.PROXY_SETTINGS_POLICY,
            p,
            "sets proxy timeouts on",
            route,
            "spec.timeout.read and spec.timeout.send",
            value,
            "a policy of ours would conflict with it and be rejected");
      }
    }
    return PolicyFix.apply(
        OwnedPolicies.patchOrCreate(
            ours, NgfProxy.PROXY_SETTINGS, route.route(), Map.of(), fields));
  }

  private static boolean setsTimer(GenericKubernetesResource p) {
    return p.get(NginxGatewayFabric.READ_TIMEOUT.toArray()) != null
        || p.get(NginxGatewayFabric.SEND_TIMEOUT.toArray()) != null;
  }
}
