package io.wsaudit.operator.proxy.ngf;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteTimeouts;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTPRoute {@code rules[].timeouts} NGF ignores: {@code checkForUnsupportedHTTPFields} in
 * {@code internal/controller/state/graph/httproute.go} (v2.6) files them as a warning, not an
 * error, so the route is accepted and nginx keeps its timers. This is the ingress2gateway trap: it
 * turns ingress-nginx's {@code proxy-read-timeout} into {@code timeouts.request}, which here does
 * nothing, and the migrated WebSockets close after nginx's 60 s.
 */
public final class IgnoredRouteTimeouts {

  private IgnoredRouteTimeouts() {}

  /** One sentence per rule that sets timeouts; empty when none does. */
  public static List<String> warnings(HTTPRoute route) {
    List<String> out = new ArrayList<>();
    List<HTTPRouteRule> rules =
        route.getSpec() == null || route.getSpec().getRules() == null
            ? List.of()
            : route.getSpec().getRules();
    for (int i = 0; i < rules.size(); i++) {
      HTTPRouteTimeouts t = rules.get(i).getTimeouts();
      if (t != null && (t.getRequest() != null || t.getBackendRequest() != null)) {
        out.add(
            "HTTPRoute "
                + route.getMetadata().getNamespace()
                + "/"
                + route.getMetadata().getName()
                + " spec.rules["
                + i
                + "].timeouts ("
                + describe(t)
                + ") is ignored by NGINX Gateway Fabric; its proxy timeouts come from a ProxySettingsPolicy"
                + " (nginx's default is 60 s)");
      }
    }
    return out;
  }

  private static String describe(HTTPRouteTimeouts t) {
    List<String> parts = new ArrayList<>();
    if (t.getRequest() != null) {
      parts.add("request " + t.getRequest());
    }
    if (t.getBackendRequest() != null) {
      parts.add("backendRequest " + t.getBackendRequest());
    }
    return String.join(", ", parts);
  }
}
