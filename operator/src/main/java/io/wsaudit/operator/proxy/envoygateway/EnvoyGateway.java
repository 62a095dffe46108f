package io.wsaudit.operator.proxy.envoygateway;

import java.time.Duration;
import java.util.List;

/** Names and defaults of Envoy Gateway (envoyproxy/gateway v1.9) that the operator relies on. */
public final class EnvoyGateway {

  /**
   * GatewayClass {@code spec.controllerName} of Envoy Gateway ({@code
   * api/v1alpha1/envoygateway_types.go}, {@code GatewayControllerName}).
   */
  public static final String CONTROLLER_NAME = "gateway.envoyproxy.io/gatewayclass-controller";

  public static final String API_VERSION = "gateway.envoyproxy.io/v1alpha1";
  public static final String BACKEND_TRAFFIC_POLICY = "BackendTrafficPolicy";
  public static final String CLIENT_TRAFFIC_POLICY = "ClientTrafficPolicy";

  /** {@code spec.timeout.http.streamIdleTimeout}, on both policy kinds. */
  public static final List<String> STREAM_IDLE_TIMEOUT =
      List.of("spec", "timeout", "http", "streamIdleTimeout");

  /** {@code spec.timeout.http.requestTimeout} of a BackendTrafficPolicy. */
  public static final List<String> REQUEST_TIMEOUT =
      List.of("spec", "timeout", "http", "requestTimeout");

  /**
   * Envoy's own {@code stream_idle_timeout} default; Envoy Gateway sets the listener's only when a
   * ClientTrafficPolicy does ({@code internal/xds/translator/listener.go}).
   */
  public static final Duration DEFAULT_STREAM_IDLE = Duration.ofMinutes(5);

  /**
   * The route idle timeout Envoy Gateway derives from a request timeout when no policy sets one: at
   * least 1 h ({@code internal/xds/translator/route.go}, {@code idleTimeout()}).
   */
  public static final Duration REQUEST_TIMEOUT_IDLE_FLOOR = Duration.ofHours(1);

  private EnvoyGateway() {}
}
