package io.wsaudit.operator.proxy.envoygateway;

import static io.wsaudit.operator.proxy.gatewayapi.GatewayApiDrafts.policy;
import static io.wsaudit.operator.proxy.gatewayapi.GatewayApiDrafts.targetRef;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.wsaudit.operator.proxy.gatewayapi.GatewayApiDrafts;
import io.wsaudit.operator.proxy.gatewayapi.GatewayParent;
import io.wsaudit.operator.proxy.gatewayapi.GatewayRoute;
import io.wsaudit.testkit.kube.GatewayApiObjects;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Envoy Gateway policies and an HTTPRoute on one Gateway, for the table tests. */
final class EnvoyDrafts {

  static final String T0 = "2026-01-01T00:00:00Z";
  static final String T1 = "2026-02-01T00:00:00Z";

  private EnvoyDrafts() {}

  /**
   * shop/chat, one rule named {@code ws} (or unnamed) to Service chat, via shop/eg{@code section}.
   */
  static GatewayRoute chat(String section, boolean namedRule, String requestTimeout) {
    HTTPRouteRuleBuilder rule = new HTTPRouteRuleBuilder(GatewayApiDrafts.rule("chat"));
    if (namedRule) {
      rule.withName("ws");
    }
    if (requestTimeout != null) {
      rule.withNewTimeouts().withRequest(requestTimeout).endTimeouts();
    }
    HTTPRoute r =
        new HTTPRouteBuilder(
                GatewayApiDrafts.route(
                    "shop",
                    "chat",
                    T0,
                    List.of("chat.example.com"),
                    List.of("shop/eg"),
                    rule.build()))
            .editMetadata()
            .addToLabels("team", "chat")
            .endMetadata()
            .build();
    return new GatewayRoute(
        r,
        0,
        "chat.example.com",
        "PathPrefix",
        "/",
        List.of(
            new GatewayParent(
                GatewayApiObjects.gateway("shop", "eg", "envoy"),
                section,
                GatewayApiDrafts.ENVOY)));
  }

  static GenericKubernetesResource btp(
      String name, String created, Map<String, Object> target, Map<String, Object> spec) {
    return withTarget(EnvoyGateway.BACKEND_TRAFFIC_POLICY, name, created, target, spec);
  }

  static GenericKubernetesResource ctp(
      String name, String created, Map<String, Object> target, Map<String, Object> spec) {
    return withTarget(EnvoyGateway.CLIENT_TRAFFIC_POLICY, name, created, target, spec);
  }

  static GenericKubernetesResource withTarget(
      String kind,
      String name,
      String created,
      Map<String, Object> target,
      Map<String, Object> spec) {
    Map<String, Object> s = new LinkedHashMap<>(spec);
    if (target.containsKey("matchLabels")) {
      s.put("targetSelectors", List.of(target));
    } else {
      s.put("targetRefs", List.of(target));
    }
    return policy(EnvoyGateway.API_VERSION, kind, "shop", name, created, s);
  }

  static Map<String, Object> idle(String d) {
    return Map.of("timeout", Map.of("http", Map.of("streamIdleTimeout", d)));
  }

  static Map<String, Object> onRoute() {
    return targetRef("HTTPRoute", "chat", null);
  }

  static Map<String, Object> onRule() {
    return targetRef("HTTPRoute", "chat", "ws");
  }

  static Map<String, Object> onGateway() {
    return targetRef("Gateway", "eg", null);
  }

  static Map<String, Object> onListener() {
    return targetRef("Gateway", "eg", "http");
  }

  static Map<String, Object> routesLabelled(String key, String value) {
    return Map.of(
        "group",
        "gateway.networking.k8s.io",
        "kind",
        "HTTPRoute",
        "matchLabels",
        Map.of(key, value));
  }

  static Map<String, Object> plus(Map<String, Object> a, Map<String, Object> b) {
    Map<String, Object> m = new LinkedHashMap<>(a);
    m.putAll(b);
    return m;
  }
}
