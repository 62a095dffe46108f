package io.wsaudit.operator.proxy.ngf;

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
 * NGINX Gateway Fabric behind the seam. Its nginx speaks HTTP/1.1 upstream and passes {@code
 * Upgrade}/{@code Connection} on every location ({@code proxy_http_version 1.1} and the {@code
 * $connection_upgrade} map in {@code internal/controller/nginx/config/servers.go}, v2.6); the idle
 * timers are {@code proxy_read_timeout}/{@code proxy_send_timeout} as {@link ProxyTimeouts} finds
 * them.
 */
public final class NgfProxy implements GatewayProxy {

  static final PolicyKind PROXY_SETTINGS =
      new PolicyKind(
          NginxGatewayFabric.API_VERSION,
          NginxGatewayFabric.PROXY_SETTINGS_POLICY,
          "proxysettingspolicies");

  @Override
  public ProxyKind kind() {
    return ProxyKind.NGINX_GATEWAY_FABRIC;
  }

  @Override
  public String controllerName() {
    return NginxGatewayFabric.CONTROLLER_NAME;
  }

  @Override
  public List<PolicyKind> reads() {
    return List.of(PROXY_SETTINGS);
  }

  @Override
  public PolicyKind writes() {
    return PROXY_SETTINGS;
  }

  @Override
  public ProxySettings settings(GatewayRoute route, GatewayPolicies policies, Service backend) {
    List<GenericKubernetesResource> psps = policies.of(PROXY_SETTINGS);
    NgfFixes fixes = new NgfFixes(route, psps);
    return new ProxySettings(
        ProxyKind.NGINX_GATEWAY_FABRIC,
        "NGINX Gateway Fabric",
        new Setting("1.1", Setting.Source.DEFAULT, null),
        null,
        Upgrades.always(),
        timeouts(ProxyTimeouts.effective(route, psps)),
        route.parents().stream()
            .map(p -> "Gateway " + p.key())
            .distinct()
            .collect(Collectors.joining(", ")),
        fixes);
  }

  static IdleTimeouts timeouts(ProxyTimeouts t) {
    Setting read = GatewaySettings.setting(t.read().value(), layer(t.read().source()));
    Setting send = GatewaySettings.setting(t.send().value(), layer(t.send().source()));
    return new IdleTimeouts(read, send, read, send);
  }

  private static Setting.Source layer(ProxyTimeout.Source source) {
    return switch (source) {
      case ROUTE_POLICY -> Setting.Source.ANNOTATION;
      case GATEWAY_POLICY -> Setting.Source.CONFIGMAP;
      case DEFAULT -> Setting.Source.DEFAULT;
    };
  }
}
