package io.wsaudit.operator.proxy;

import io.wsaudit.operator.proxy.envoygateway.EnvoyGatewayProxy;
import io.wsaudit.operator.proxy.gatewayapi.GatewayProxy;
import io.wsaudit.operator.proxy.ngf.NgfProxy;
import java.util.Collection;
import java.util.List;

/** Which implementation of the seam serves the HTTPRoutes of each Gateway API kind. */
public final class GatewayProxies {

  private GatewayProxies() {}

  /** Whether {@code kind} is a Gateway API implementation (its routes are HTTPRoutes). */
  public static boolean isGateway(ProxyKind kind) {
    return kind == ProxyKind.ENVOY_GATEWAY || kind == ProxyKind.NGINX_GATEWAY_FABRIC;
  }

  public static GatewayProxy of(ProxyKind kind) {
    return switch (kind) {
      case ENVOY_GATEWAY -> new EnvoyGatewayProxy();
      case NGINX_GATEWAY_FABRIC -> new NgfProxy();
      default -> throw new IllegalArgumentException(kind + " is not a Gateway API proxy");
    };
  }

  public static List<GatewayProxy> of(Collection<ProxyKind> kinds) {
    return kinds.stream().distinct().map(GatewayProxies::of).toList();
  }
}
