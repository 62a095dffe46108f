package io.wsaudit.operator.proxy.gatewayapi;

/**
 * Class-path names of the third-party CRDs under {@code src/test/resources/crds/} (see its README).
 */
public final class VendoredCrds {

  public static final String GATEWAY_API = "crds/gateway-api/v1.3.0/";
  public static final String ENVOY_GATEWAY = "crds/envoy-gateway/v1.9.0/";
  public static final String NGF = "crds/nginx-gateway-fabric/v2.6.7/";

  public static final String HTTPROUTES = GATEWAY_API + "gateway.networking.k8s.io_httproutes.yaml";
  public static final String GATEWAYS = GATEWAY_API + "gateway.networking.k8s.io_gateways.yaml";
  public static final String GATEWAYCLASSES =
      GATEWAY_API + "gateway.networking.k8s.io_gatewayclasses.yaml";
  public static final String BACKEND_TRAFFIC_POLICIES =
      ENVOY_GATEWAY + "gateway.envoyproxy.io_backendtrafficpolicies.yaml";
  public static final String CLIENT_TRAFFIC_POLICIES =
      ENVOY_GATEWAY + "gateway.envoyproxy.io_clienttrafficpolicies.yaml";
  public static final String PROXY_SETTINGS_POLICIES =
      NGF + "gateway.nginx.org_proxysettingspolicies.yaml";

  private VendoredCrds() {}
}
