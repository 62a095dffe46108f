package io.wsaudit.operator.proxy.traefik;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.contract.WsAuditSpans.ProtocolVersion;
import io.wsaudit.operator.proxy.AnnotationProxy;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.Fix;
import io.wsaudit.operator.proxy.IdleTimeouts;
import io.wsaudit.operator.proxy.ProxySettings;
import io.wsaudit.operator.proxy.ReportsProtocolFixes;
import io.wsaudit.operator.proxy.Setting;
import io.wsaudit.operator.proxy.SettingKeys;
import io.wsaudit.operator.proxy.Upgrades;
import java.util.List;

/**
 * Traefik's ingress-nginx provider (v3.7+) behind the seam. It reads ingress-nginx's annotations
 * (traefik/traefik {@code pkg/provider/kubernetes/ingress-nginx/annotations.go}) and builds one
 * ServersTransport per Ingress ({@code build.go}, {@code buildServersTransport}):
 *
 * <ul>
 *   <li>{@code proxy-read-timeout} / {@code proxy-send-timeout} become {@code
 *       forwardingTimeouts.readTimeout} / {@code writeTimeout}, whole seconds read with {@code
 *       strconv.Atoi} (so {@code "3600s"} is ignored), else the provider's {@code proxyReadTimeout}
 *       / {@code proxySendTimeout}, default 60 ({@code kubernetes.go}). The provider options live
 *       in Traefik's static configuration, which wsaudit cannot read: the base here is that
 *       default.
 *   <li>{@code proxy-http-version: "1.0"} is ignored with a warning ("Value '1.0' is not supported
 *       with proxy-http-version, ignoring"), so Traefik never speaks HTTP/1.0 upstream and R1 is
 *       never its cause: an HTTP/1.0 upgrade comes from a hop behind it.
 *   <li>{@code connection-proxy-header} is not read (the docs list it as unsupported, {@code
 *       docs/content/reference/routing-configuration/kubernetes/ingress-nginx.md}), so R2 is never
 *       its cause either.
 * </ul>
 *
 * Traefik applies a changed Ingress as dynamic configuration without a reload, so ProxyReload does
 * not apply (inference: no worker drain as nginx has).
 */
public final class TraefikProxy extends AnnotationProxy implements ReportsProtocolFixes {

  public static final String PRODUCT = "Traefik";

  /** {@code defaultProxyReadTimeout} / {@code defaultProxySendTimeout} in {@code kubernetes.go}. */
  public static final long DEFAULT_SECONDS = 60;

  private static final List<String> PATCHABLE =
      List.of(SettingKeys.PROXY_READ_TIMEOUT, SettingKeys.PROXY_SEND_TIMEOUT);

  /** What R1 and R2 report: nothing here is for wsaudit to change. */
  private static final Reports PROTOCOL =
      new Reports(
          "Traefik never proxies with HTTP/1.0",
          "Traefik does not read connection-proxy-header",
          "Traefik passes upgrades on every route");

  public TraefikProxy(ControllerSettings controller) {
    super(controller, PATCHABLE, false);
  }

  @Override
  public String product() {
    return PRODUCT;
  }

  @Override
  public ProxySettings settings(Ingress ingress, ConfigMap ignored) {
    String version = annotation(ingress, SettingKeys.PROXY_HTTP_VERSION);
    Setting base = new Setting(Long.toString(DEFAULT_SECONDS), Setting.Source.DEFAULT, null);
    IdleTimeouts timeouts =
        idleTimeoutsWith(
            new IdleTimeouts(base, base, base, base),
            annotation(ingress, SettingKeys.PROXY_READ_TIMEOUT),
            annotation(ingress, SettingKeys.PROXY_SEND_TIMEOUT));
    return new ProxySettings(
        controller.proxy(),
        PRODUCT,
        // "1.1" only turns HTTP/2 off; "1.0" and anything else are ignored.
        new Setting(
            ProtocolVersion.HTTP_1_1,
            ProtocolVersion.HTTP_1_1.equals(version)
                ? Setting.Source.ANNOTATION
                : Setting.Source.DEFAULT,
            version),
        null,
        Upgrades.always(),
        timeouts,
        "Traefik's static configuration (providers.kubernetesIngressNGINX)",
        this);
  }

  @Override
  public String idleCutter() {
    return "Traefik (a per-read or per-write deadline on the backend connection)";
  }

  @Override
  public Reports protocolReports() {
    return PROTOCOL;
  }

  @Override
  public Fix raiseIdleTimeouts(ProxySettings s, long seconds) {
    return new Fix(
        s.idleTimeouts().raiseTo(seconds),
        raiseBothTimeouts(Long.toString(seconds))
            + " (whole seconds; Traefik makes them the read and write deadlines of its"
            + " connection to the backend) on this Ingress, or providers.kubernetesIngressNGINX"
            + ".proxyReadTimeout / proxySendTimeout in Traefik's static configuration for all.");
  }

  @Override
  public IdleTimeouts idleTimeoutsWith(IdleTimeouts now, String read, String send) {
    return now.withAnnotations(read, send, TraefikProxy::atoi);
  }

  /** Go's {@code strconv.Atoi} for the values a timeout can take: an optional sign, digits. */
  static Long atoi(String raw) {
    if (raw == null) {
      return null;
    }
    String digits = raw.startsWith("+") ? raw.substring(1) : raw;
    if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
      // A negative value parses in Go but makes no deadline wsaudit can reason about.
      return null;
    }
    return Long.parseLong(digits);
  }
}
