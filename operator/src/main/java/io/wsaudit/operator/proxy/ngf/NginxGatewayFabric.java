package io.wsaudit.operator.proxy.ngf;

import java.time.Duration;
import java.util.List;

/**
 * Names and defaults of NGINX Gateway Fabric (nginx/nginx-gateway-fabric v2.6) the operator uses.
 */
public final class NginxGatewayFabric {

  /**
   * GatewayClass {@code spec.controllerName} of NGF's default install ({@code
   * charts/nginx-gateway-fabric/values.yaml}, {@code nginxGateway.gatewayControllerName}).
   */
  public static final String CONTROLLER_NAME = "gateway.nginx.org/nginx-gateway-controller";

  public static final String API_VERSION = "gateway.nginx.org/v1alpha1";

  /** The policy that renders {@code proxy_read_timeout}/{@code proxy_send_timeout} (2.6+). */
  public static final String PROXY_SETTINGS_POLICY = "ProxySettingsPolicy";

  public static final List<String> READ_TIMEOUT = List.of("spec", "timeout", "read");
  public static final List<String> SEND_TIMEOUT = List.of("spec", "timeout", "send");

  /** nginx's own default for both timers (ngx_http_proxy_module). */
  public static final Duration NGINX_DEFAULT = Duration.ofSeconds(60);

  private NginxGatewayFabric() {}
}
