package io.wsaudit.operator.proxy;

import io.wsaudit.operator.proxy.f5nginx.F5NginxProxy;
import io.wsaudit.operator.proxy.haproxy.HaproxyProxy;
import io.wsaudit.operator.proxy.ingressnginx.IngressNginxProxy;
import io.wsaudit.operator.proxy.traefik.TraefikProxy;

/**
 * Which implementation of the seam serves a controller of each kind. A proxy plugs in here: one
 * package under {@code proxy/}, one case below.
 */
public final class Proxies {

  private Proxies() {}

  /** The proxy behind this controller; refused for kinds with no implementation yet. */
  public static Proxy of(ControllerSettings controller) {
    return switch (controller.proxy()) {
      case INGRESS_NGINX -> new IngressNginxProxy(controller);
      case TRAEFIK -> new TraefikProxy(controller);
      case F5_NGINX -> new F5NginxProxy(controller);
      case HAPROXY -> new HaproxyProxy(controller);
      default ->
          throw new IllegalArgumentException(
              "no implementation of the proxy seam for " + controller.proxy() + " yet");
    };
  }
}
