package io.wsaudit.operator.proxy.envoygateway;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.wsaudit.operator.proxy.gatewayapi.GatewayDuration;
import io.wsaudit.operator.proxy.gatewayapi.GatewayParent;
import io.wsaudit.operator.proxy.gatewayapi.GatewayRoute;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The idle limit Envoy Gateway gives an upgraded WebSocket stream on a route, following {@code
 * idleTimeout()} in {@code internal/xds/translator/route.go} (v1.9): a BackendTrafficPolicy's
 * {@code timeout.http.streamIdleTimeout} for the route (rule, route, then Gateway scope; per route
 * since v1.8) becomes the route's {@code idle_timeout}; else a ClientTrafficPolicy's on the
 * listener (claimed first, {@code internal/gatewayapi/clienttrafficpolicy.go}) or the Gateway is
 * the connection manager's {@code stream_idle_timeout}; else a request timeout (the HTTPRoute
 * rule's {@code timeouts.request}, else the policy's {@code requestTimeout}) yields max(1 h, it), 0
 * disabling it; else Envoy's 5 min. An invalid duration is skipped, as the CRD would have refused
 * it.
 */
public final class StreamIdleTimeouts {

  private StreamIdleTimeouts() {}

  /**
   * The shortest limit over the route's parents: a connection may have come through any of them,
   * and the shortest is the one that cuts it first.
   */
  public static StreamIdleLimit effective(
      GatewayRoute route,
      List<GenericKubernetesResource> backendPolicies,
      List<GenericKubernetesResource> clientPolicies) {
    return route.parents().stream()
        .map(p -> forParent(route, p, backendPolicies, clientPolicies))
        .min(Comparator.comparing(StreamIdleTimeouts::orderKey))
        .orElse(
            new StreamIdleLimit(
                EnvoyGateway.DEFAULT_STREAM_IDLE, StreamIdleLimit.Source.DEFAULT, null));
  }

  static StreamIdleLimit forParent(
      GatewayRoute route,
      GatewayParent parent,
      List<GenericKubernetesResource> backendPolicies,
      List<GenericKubernetesResource> clientPolicies) {
    BackendPolicyChain chain = BackendPolicyChain.of(route, parent, backendPolicies);
    Optional<BackendPolicyChain.Found> idle = chain.first(EnvoyGateway.STREAM_IDLE_TIMEOUT);
    Optional<Duration> d = idle.flatMap(f -> GatewayDuration.parse(String.valueOf(f.value())));
    if (d.isPresent()) {
      return new StreamIdleLimit(d.get(), idle.get().at().scope(), idle.get().from());
    }
    Optional<GenericKubernetesResource> ctp =
        BackendPolicyChain.gatewayPolicy(parent, clientPolicies);
    Optional<Duration> listener =
        ctp.flatMap(
            p -> GatewayDuration.parse(str(p.get(EnvoyGateway.STREAM_IDLE_TIMEOUT.toArray()))));
    if (listener.isPresent()) {
      return new StreamIdleLimit(
          listener.get(), StreamIdleLimit.Source.CLIENT_POLICY, key(ctp.get()));
    }
    Optional<Duration> request = routeRequestTimeout(route);
    String from = route.routeKey();
    if (request.isEmpty()) {
      Optional<BackendPolicyChain.Found> r = chain.first(EnvoyGateway.REQUEST_TIMEOUT);
      request = r.flatMap(f -> GatewayDuration.parse(String.valueOf(f.value())));
      from = r.map(BackendPolicyChain.Found::from).orElse(null);
    }
    if (request.isPresent()) {
      Duration t = request.get();
      Duration limit = t.isZero() ? Duration.ZERO : max(EnvoyGateway.REQUEST_TIMEOUT_IDLE_FLOOR, t);
      return new StreamIdleLimit(limit, StreamIdleLimit.Source.REQUEST_TIMEOUT, from);
    }
    return new StreamIdleLimit(
        EnvoyGateway.DEFAULT_STREAM_IDLE, StreamIdleLimit.Source.DEFAULT, null);
  }

  static Optional<Duration> routeRequestTimeout(GatewayRoute route) {
    var t = route.rule().getTimeouts();
    return t == null ? Optional.empty() : GatewayDuration.parse(t.getRequest());
  }

  /** Zero (no limit) sorts last: it is the longest. */
  private static Duration orderKey(StreamIdleLimit l) {
    return l.unlimited() ? Duration.ofSeconds(Long.MAX_VALUE) : l.limit();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }

  private static String key(GenericKubernetesResource p) {
    return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
  }
}
