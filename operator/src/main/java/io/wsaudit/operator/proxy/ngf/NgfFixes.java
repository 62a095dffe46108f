package io.wsaudit.operator.proxy.ngf;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.wsaudit.operator.proxy.Fix;
import io.wsaudit.operator.proxy.IdleTimeouts;
import io.wsaudit.operator.proxy.ProxySettings;
import io.wsaudit.operator.proxy.ReportsProtocolFixes;
import io.wsaudit.operator.proxy.Setting;
import io.wsaudit.operator.proxy.SettingKeys;
import io.wsaudit.operator.proxy.gatewayapi.GatewayRoute;
import io.wsaudit.operator.proxy.gatewayapi.GatewaySettings;
import io.wsaudit.operator.proxy.gatewayapi.PolicyFix;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * NGINX Gateway Fabric's fixes for one route rule: a ProxySettingsPolicy of ours raises both timers
 * ({@link ProxyTimeoutFix}); the route's own {@code rules[].timeouts}, which NGF ignores, are named
 * in the explanation ({@link IgnoredRouteTimeouts}).
 */
final class NgfFixes implements ReportsProtocolFixes {

  /** What R1 and R2 report: nothing here is for wsaudit to change. */
  private static final Reports PROTOCOL =
      new Reports(
          "NGINX Gateway Fabric proxies with HTTP/1.1; nothing to change.",
          "NGINX Gateway Fabric passes Connection: upgrade; nothing to change.",
          "NGINX Gateway Fabric passes upgrades on every location.");

  private final GatewayRoute route;
  private final List<GenericKubernetesResource> psps;

  NgfFixes(GatewayRoute route, List<GenericKubernetesResource> psps) {
    this.route = route;
    this.psps = psps;
  }

  @Override
  public String key(String setting) {
    return GatewaySettings.ourField(
        NginxGatewayFabric.PROXY_SETTINGS_POLICY, route.route(), field(setting));
  }

  private static List<String> field(String setting) {
    return SettingKeys.PROXY_SEND_TIMEOUT.equals(setting)
        ? NginxGatewayFabric.SEND_TIMEOUT
        : NginxGatewayFabric.READ_TIMEOUT;
  }

  @Override
  public String idleTimerName(String setting) {
    return SettingKeys.PROXY_SEND_TIMEOUT.equals(setting)
        ? "proxy_send_timeout"
        : "proxy_read_timeout";
  }

  @Override
  public Reports protocolReports() {
    return PROTOCOL;
  }

  @Override
  public Fix raiseIdleTimeouts(ProxySettings s, long seconds) {
    IdleTimeouts t = s.idleTimeouts();
    String ignored = String.join("; ", IgnoredRouteTimeouts.warnings(route.route()));
    String note = ignored.isEmpty() ? "" : " Note: " + ignored + ".";
    if (t.readSeconds() >= seconds && t.sendSeconds() >= seconds) {
      return Fix.report("Both timers are already at least " + seconds + " s." + note);
    }
    PolicyFix fix = ProxyTimeoutFix.plan(route, psps, Duration.ofSeconds(seconds));
    if (fix.change().isEmpty()) {
      return Fix.report("Not patched: " + fix.report() + "." + note);
    }
    return fix.asFix(
        "spec.timeout.read and spec.timeout.send",
        NginxGatewayFabric.READ_TIMEOUT,
        NginxGatewayFabric.PROXY_SETTINGS_POLICY,
        route,
        note);
  }

  @Override
  public IdleTimeouts idleTimeoutsWith(
      IdleTimeouts now, String readAnnotation, String sendAnnotation) {
    Map<List<String>, String> raw = new HashMap<>();
    raw.put(NginxGatewayFabric.READ_TIMEOUT, readAnnotation);
    raw.put(NginxGatewayFabric.SEND_TIMEOUT, sendAnnotation);
    List<GenericKubernetesResource> before = GatewaySettings.withOurs(psps, route.route(), raw);
    return NgfProxy.timeouts(ProxyTimeouts.effective(route, before));
  }

  @Override
  public String source(Setting s, ProxySettings p) {
    return switch (s.source()) {
      case ANNOTATION -> "a ProxySettingsPolicy on the HTTPRoute";
      case CONFIGMAP -> "a ProxySettingsPolicy on " + p.configName() + ", for its routes";
      case DEFAULT -> "nginx's default";
    };
  }
}
