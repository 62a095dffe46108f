package io.wsaudit.operator.proxy.envoygateway;

import java.time.Duration;

/**
 * The idle limit Envoy applies to a WebSocket on one route, and which layer set it.
 *
 * @param limit the limit; {@link Duration#ZERO} means none (Envoy reads 0 as disabled)
 * @param source the layer
 * @param from {@code namespace/name} of the policy or route that set it; null for the default
 */
public record StreamIdleLimit(Duration limit, Source source, String from) {

  /** Envoy Gateway's precedence, most specific first. */
  public enum Source {
    /** A BackendTrafficPolicy on the route rule (targetRef sectionName). */
    ROUTE_RULE_POLICY,
    /** A BackendTrafficPolicy on the HTTPRoute. */
    ROUTE_POLICY,
    /** A BackendTrafficPolicy on the Gateway or listener, applied to the route. */
    GATEWAY_POLICY,
    /** A ClientTrafficPolicy on the Gateway or listener: the connection manager's limit. */
    CLIENT_POLICY,
    /** No policy sets one: max(1 h, the request timeout), or none if that is 0. */
    REQUEST_TIMEOUT,
    /** Envoy's default, 5 min. */
    DEFAULT
  }

  public boolean unlimited() {
    return limit.isZero();
  }
}
