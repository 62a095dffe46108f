package io.wsaudit.operator.proxy.envoygateway;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.wsaudit.operator.proxy.IdleTimeouts;
import io.wsaudit.operator.proxy.ProxyKind;
import io.wsaudit.operator.proxy.ProxySettings;
import io.wsaudit.operator.proxy.Setting;
import io.wsaudit.operator.proxy.Upgrades;
import io.wsaudit.operator.proxy.gatewayapi.GatewayPolicies;
import io.wsaudit.operator.proxy.gatewayapi.GatewayProxy;
import io.wsaudit.operator.proxy.gatewayapi.GatewayRoute;
import io.wsaudit.operator.proxy.gatewayapi.GatewaySettings;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Envoy Gateway behind the seam. Upstream HTTP/1.1 for upgraded streams (Envoy's upgrade path;
 * {@code appProtocol: kubernetes.io/ws} forces it for every request); upgrades passed unless a
 * BackendTrafficPolicy's {@code requestBuffer} or {@code httpUpgrade} list drops them ({@link
 * UpgradeChecks}); one idle limit, the effective stream idle timeout ({@link StreamIdleTimeouts}),
 * standing for both of the seam's timers: Envoy ends a stream that moved no data either way for
 * that long.
 */
public final class EnvoyGatewayProxy implements GatewayProxy {

  static final PolicyKind BACKEND =
      new PolicyKind(
          EnvoyGateway.API_VERSION, EnvoyGateway.BACKEND_TRAFFIC_POLICY, "backendtrafficpolicies");
  static final PolicyKind CLIENT =
      new PolicyKind(
          EnvoyGateway.API_VERSION, EnvoyGateway.CLIENT_TRAFFIC_POLICY, "clienttrafficpolicies");

  @Override
  public ProxyKind kind() {
    return ProxyKind.ENVOY_GATEWAY;
  }

  @Override
  public String controllerName() {
    return EnvoyGateway.CONTROLLER_NAME;
  }

  @Override
  public List<PolicyKind> reads() {
    return List.of(BACKEND, CLIENT);
  }

  @Override
  public PolicyKind writes() {
    return BACKEND;
  }

  @Override
  public ProxySettings settings(GatewayRoute route, GatewayPolicies policies, Service backend) {
    List<GenericKubernetesResource> btps = policies.of(BACKEND);
    List<GenericKubernetesResource> ctps = policies.of(CLIENT);
    EnvoyGatewayFixes fixes = new EnvoyGatewayFixes(route, btps, ctps);
    String broken =
        UpgradeChecks.check(route, btps, backend).stream()
            .filter(UpgradeReport::breaksUpgrades)
            .map(UpgradeReport::message)
            .collect(Collectors.joining("; "));
    return new ProxySettings(
        ProxyKind.ENVOY_GATEWAY,
        "Envoy Gateway",
        new Setting("1.1", Setting.Source.DEFAULT, null),
        null,
        broken.isEmpty() ? Upgrades.always() : Upgrades.not(broken),
        fixes.timeouts(fixes.limit()),
        gateways(route),
        fixes);
  }

  /** The parent Gateways, as explanations name the controller-wide configuration. */
  static String gateways(GatewayRoute route) {
    return route.parents().stream()
        .map(p -> "Gateway " + p.key())
        .distinct()
        .collect(Collectors.joining(", "));
  }

  static IdleTimeouts timeouts(StreamIdleLimit limit) {
    Setting s = GatewaySettings.setting(limit.limit(), layer(limit.source()));
    return new IdleTimeouts(s, s, s, s);
  }

  /** The seam's layers: the route's own objects, the Gateway's, the default. */
  private static Setting.Source layer(StreamIdleLimit.Source source) {
    return switch (source) {
      case ROUTE_RULE_POLICY, ROUTE_POLICY, REQUEST_TIMEOUT -> Setting.Source.ANNOTATION;
      case GATEWAY_POLICY, CLIENT_POLICY -> Setting.Source.CONFIGMAP;
      case DEFAULT -> Setting.Source.DEFAULT;
    };
  }
}
