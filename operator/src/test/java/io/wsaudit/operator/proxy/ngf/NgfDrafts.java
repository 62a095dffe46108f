package io.wsaudit.operator.proxy.ngf;

import static io.wsaudit.operator.proxy.gatewayapi.GatewayApiDrafts.policy;
import static io.wsaudit.operator.proxy.gatewayapi.GatewayApiDrafts.targetRef;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.wsaudit.operator.proxy.gatewayapi.GatewayApiDrafts;
import io.wsaudit.operator.proxy.gatewayapi.GatewayParent;
import io.wsaudit.operator.proxy.gatewayapi.GatewayRoute;
import io.wsaudit.operator.proxy.gatewayapi.OwnedPolicies;
import io.wsaudit.testkit.kube.GatewayApiObjects;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ProxySettingsPolicies and an HTTPRoute on NGF Gateways, for the table tests. */
final class NgfDrafts {

  static final String T0 = "2026-01-01T00:00:00Z";
  static final String T1 = "2026-02-01T00:00:00Z";
  static final String T2 = "2026-03-01T00:00:00Z";

  private NgfDrafts() {}

  /** shop/chat to Service chat through the NGF Gateways {@code gateways} (names in shop). */
  static GatewayRoute chat(String requestTimeout, String... gateways) {
    HTTPRouteRuleBuilder rule = new HTTPRouteRuleBuilder(GatewayApiDrafts.rule("chat"));
    if (requestTimeout != null) {
      rule.withNewTimeouts().withRequest(requestTimeout).endTimeouts();
    }
    List<GatewayParent> parents =
        java.util.Arrays.stream(gateways)
            .map(
                g ->
                    new GatewayParent(
                        GatewayApiObjects.gateway("shop", g, "nginx"), null, GatewayApiDrafts.NGF))
            .toList();
    return new GatewayRoute(
        GatewayApiDrafts.route(
            "shop",
            "chat",
            T0,
            List.of("chat.example.com"),
            parents.stream().map(GatewayParent::key).toList(),
            rule.build()),
        0,
        "chat.example.com",
        "PathPrefix",
        "/",
        parents);
  }

  /** A ProxySettingsPolicy on {@code kind/name} with these {@code spec.timeout} fields. */
  static GenericKubernetesResource psp(
      String name, String created, String kind, String target, Map<String, Object> timeout) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("targetRefs", List.of(targetRef(kind, target, null)));
    if (!timeout.isEmpty()) {
      spec.put("timeout", timeout);
    }
    return policy(
        NginxGatewayFabric.API_VERSION,
        NginxGatewayFabric.PROXY_SETTINGS_POLICY,
        "shop",
        name,
        created,
        spec);
  }

  static GenericKubernetesResource ours(GenericKubernetesResource p) {
    p.getMetadata()
        .setLabels(new HashMap<>(Map.of(OwnedPolicies.MANAGED_BY, OwnedPolicies.WSAUDIT)));
    return p;
  }
}
