package io.wsaudit.operator.proxy.envoygateway;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.wsaudit.operator.proxy.gatewayapi.GatewayParent;
import io.wsaudit.operator.proxy.gatewayapi.GatewayRoute;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether Envoy Gateway lets a route upgrade to WebSocket. {@code buildUpgradeConfig} in {@code
 * internal/xds/translator/route.go} (v1.9) upgrades {@code websocket} by default, returns no
 * upgrade config at all when a {@code requestBuffer} is set and {@code httpUpgrade} is empty (the
 * buffer filter would wait for a body that never ends), and otherwise uses the {@code httpUpgrade}
 * list instead of the default. A Service port with {@code appProtocol: kubernetes.io/ws} or {@code
 * kubernetes.io/wss} makes the upstream HTTP/1.1 ({@code internal/gatewayapi/route.go}), which
 * WebSockets need anyway: noted, not a fault.
 */
public final class UpgradeChecks {

  static final Set<String> WS_APP_PROTOCOLS = Set.of("kubernetes.io/ws", "kubernetes.io/wss");

  private UpgradeChecks() {}

  /** Reports for {@code route} through any of its parents; {@code backend} may be null. */
  public static List<UpgradeReport> check(
      GatewayRoute route, List<GenericKubernetesResource> backendPolicies, Service backend) {
    Set<UpgradeReport> out = new LinkedHashSet<>();
    for (GatewayParent parent : route.parents()) {
      BackendPolicyChain chain = BackendPolicyChain.of(route, parent, backendPolicies);
      var upgrades = chain.first(List.of("spec", "httpUpgrade"));
      var buffer = chain.first(List.of("spec", "requestBuffer"));
      boolean listed =
          upgrades.isPresent() && upgrades.get().value() instanceof List<?> l && !l.isEmpty();
      if (!listed && buffer.isPresent()) {
        out.add(
            new UpgradeReport(
                UpgradeReport.Kind.UPGRADES_DISABLED_BY_REQUEST_BUFFER,
                buffer.get().from(),
                "BackendTrafficPolicy "
                    + buffer.get().from()
                    + " sets requestBuffer, which makes Envoy Gateway drop every protocol upgrade on HTTPRoute "
                    + route.routeKey()
                    + ": WebSocket handshakes cannot succeed there"));
      } else if (listed && !hasWebSocket((List<?>) upgrades.get().value())) {
        out.add(
            new UpgradeReport(
                UpgradeReport.Kind.WEBSOCKET_NOT_IN_UPGRADES,
                upgrades.get().from(),
                "BackendTrafficPolicy "
                    + upgrades.get().from()
                    + " sets httpUpgrade without websocket; the list replaces Envoy Gateway's default, so HTTPRoute "
                    + route.routeKey()
                    + " no longer upgrades WebSockets"));
      }
    }
    if (backend != null && backend.getSpec() != null && backend.getSpec().getPorts() != null) {
      for (ServicePort p : backend.getSpec().getPorts()) {
        if (p.getAppProtocol() != null && WS_APP_PROTOCOLS.contains(p.getAppProtocol())) {
          String svc = backend.getMetadata().getNamespace() + "/" + backend.getMetadata().getName();
          out.add(
              new UpgradeReport(
                  UpgradeReport.Kind.WEBSOCKET_APP_PROTOCOL,
                  svc,
                  "Service "
                      + svc
                      + " port "
                      + (p.getName() != null ? p.getName() : p.getPort())
                      + " has appProtocol "
                      + p.getAppProtocol()
                      + ": Envoy Gateway talks HTTP/1.1 to it, as WebSockets need"));
        }
      }
    }
    return new ArrayList<>(out);
  }

  /** Envoy compares upgrade types case-insensitively. */
  private static boolean hasWebSocket(List<?> upgrades) {
    for (Object u : upgrades) {
      if (u instanceof Map<?, ?> m && "websocket".equalsIgnoreCase(String.valueOf(m.get("type")))) {
        return true;
      }
    }
    return false;
  }
}
