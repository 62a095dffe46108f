package io.wsaudit.operator.proxy.envoygateway;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.wsaudit.operator.proxy.Fix;
import io.wsaudit.operator.proxy.IdleTimeouts;
import io.wsaudit.operator.proxy.ProxySettings;
import io.wsaudit.operator.proxy.ReportsProtocolFixes;
import io.wsaudit.operator.proxy.Setting;
import io.wsaudit.operator.proxy.gatewayapi.GatewayRoute;
import io.wsaudit.operator.proxy.gatewayapi.GatewaySettings;
import io.wsaudit.operator.proxy.gatewayapi.PolicyFix;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Envoy Gateway's fixes for one route rule: the idle limit is raised by a BackendTrafficPolicy of
 * ours ({@link StreamIdleFix}); a route-level {@code streamIdleTimeout} becomes the route's {@code
 * idle_timeout}, which wins over a listener's ClientTrafficPolicy, so that one is named and left
 * alone. Upgrades dropped by someone's {@code requestBuffer} are reported, never changed.
 */
final class EnvoyGatewayFixes implements ReportsProtocolFixes {

  /** What R1 and R2 report: nothing here is for wsaudit to change. */
  private static final Reports PROTOCOL =
      new Reports(
          "Envoy Gateway proxies upgraded streams with HTTP/1.1; nothing to change.",
          "Envoy Gateway sets no Connection header of its own; nothing to change.",
          "remove that requestBuffer, or list {type: websocket} in the policy's httpUpgrade;"
              + " wsaudit does not change someone else's policy.");

  private final GatewayRoute route;
  private final List<GenericKubernetesResource> btps;
  private final List<GenericKubernetesResource> ctps;
  private final StreamIdleLimit limit;

  EnvoyGatewayFixes(
      GatewayRoute route,
      List<GenericKubernetesResource> btps,
      List<GenericKubernetesResource> ctps) {
    this.route = route;
    this.btps = btps;
    this.ctps = ctps;
    this.limit = StreamIdleTimeouts.effective(route, btps, ctps);
  }

  StreamIdleLimit limit() {
    return limit;
  }

  IdleTimeouts timeouts(StreamIdleLimit l) {
    return EnvoyGatewayProxy.timeouts(l);
  }

  /** Both timers are our BackendTrafficPolicy's one field. */
  @Override
  public String key(String setting) {
    return GatewaySettings.ourField(
        EnvoyGateway.BACKEND_TRAFFIC_POLICY, route.route(), EnvoyGateway.STREAM_IDLE_TIMEOUT);
  }

  @Override
  public String idleTimerName(String setting) {
    return "stream idle timeout";
  }

  @Override
  public Reports protocolReports() {
    return PROTOCOL;
  }

  @Override
  public Fix raiseIdleTimeouts(ProxySettings s, long seconds) {
    if (GatewaySettings.seconds(limit.limit()) >= seconds) {
      return Fix.report("The stream idle timeout is already at least " + seconds + " s.");
    }
    PolicyFix fix = StreamIdleFix.plan(route, btps, Duration.ofSeconds(seconds));
    if (fix.change().isEmpty()) {
      return Fix.report("Not patched: " + fix.report() + ".");
    }
    String listener =
        limit.source() == StreamIdleLimit.Source.CLIENT_POLICY
            ? " The listener-wide limit comes from ClientTrafficPolicy "
                + limit.from()
                + "; the route's own limit wins over it for this route alone, and wsaudit leaves"
                + " that policy as it is."
            : "";
    return fix.asFix(
        "spec.timeout.http.streamIdleTimeout",
        EnvoyGateway.STREAM_IDLE_TIMEOUT,
        EnvoyGateway.BACKEND_TRAFFIC_POLICY,
        route,
        listener);
  }

  @Override
  public IdleTimeouts idleTimeoutsWith(
      IdleTimeouts now, String readAnnotation, String sendAnnotation) {
    Map<List<String>, String> raw = new HashMap<>();
    raw.put(
        EnvoyGateway.STREAM_IDLE_TIMEOUT, readAnnotation != null ? readAnnotation : sendAnnotation);
    List<GenericKubernetesResource> before = GatewaySettings.withOurs(btps, route.route(), raw);
    return timeouts(StreamIdleTimeouts.effective(route, before, ctps));
  }

  @Override
  public String idleCutter() {
    return "Envoy";
  }

  @Override
  public String source(Setting s, ProxySettings p) {
    String from = limit.from();
    return switch (limit.source()) {
      case ROUTE_RULE_POLICY -> "BackendTrafficPolicy " + from + " on the route's rule";
      case ROUTE_POLICY -> "BackendTrafficPolicy " + from + " on the HTTPRoute";
      case GATEWAY_POLICY -> "BackendTrafficPolicy " + from + " on the Gateway, for its routes";
      case CLIENT_POLICY -> "ClientTrafficPolicy " + from + " on the listener, for every route";
      case REQUEST_TIMEOUT ->
          "derived from the request timeout of " + from + " (at least 1 h, 0 for none)";
      case DEFAULT -> "Envoy's default stream_idle_timeout";
    };
  }
}
