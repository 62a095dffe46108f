package io.wsaudit.operator.proxy.f5nginx;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.contract.WsAuditSpans.ProtocolVersion;
import io.wsaudit.operator.config.Durations;
import io.wsaudit.operator.proxy.AnnotationChange;
import io.wsaudit.operator.proxy.AnnotationProxy;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.Fix;
import io.wsaudit.operator.proxy.ForwardingProxyFixes;
import io.wsaudit.operator.proxy.IdleTimeouts;
import io.wsaudit.operator.proxy.ProxySettings;
import io.wsaudit.operator.proxy.ReportsProtocolFixes;
import io.wsaudit.operator.proxy.Setting;
import io.wsaudit.operator.proxy.SettingKeys;
import io.wsaudit.operator.proxy.Upgrades;
import java.util.List;
import java.util.Map;

/**
 * F5 NGINX Ingress Controller (nginx/kubernetes-ingress) behind the seam, for Ingresses. Its
 * template ({@code internal/configs/version1/nginx.ingress.tmpl}) renders {@code proxy_http_version
 * 1.1} in every location, {@code Upgrade}/{@code Connection $connection_upgrade} only where the
 * Service is in {@code nginx.org/websocket-services} (else {@code Connection ""} with keepalive,
 * nginx's own {@code Connection: close} without: no upgrade reaches the backend), and {@code
 * proxy_read_timeout}/{@code proxy_send_timeout} from {@code nginx.org/proxy-read-timeout} / {@code
 * nginx.org/proxy-send-timeout} (nginx durations such as {@code 3600s}), else the ConfigMap keys
 * {@code proxy-read-timeout}/{@code proxy-send-timeout}, else 60s. VirtualServer {@code
 * read-timeout}/{@code send-timeout} are not Ingress annotations: wsaudit reports them only.
 */
public final class F5NginxProxy extends AnnotationProxy implements ReportsProtocolFixes {

  public static final String PRODUCT = "F5 NGINX Ingress Controller";

  /** nginx's {@code proxy_read_timeout} / {@code proxy_send_timeout} default, kept by F5: 60s. */
  public static final long DEFAULT_SECONDS = 60;

  private static final List<String> PATCHABLE =
      List.of(
          SettingKeys.WEBSOCKET_SERVICES,
          SettingKeys.PROXY_READ_TIMEOUT,
          SettingKeys.PROXY_SEND_TIMEOUT);

  private final Reports protocol;

  public F5NginxProxy(ControllerSettings controller) {
    super(controller, PATCHABLE, true);
    // Without the Ingress at hand its Services are unknown: Bound names them.
    this.protocol =
        new Reports(
            PRODUCT + " always proxies with HTTP/1.1",
            PRODUCT + " has no connection-proxy-header",
            "add the Service to " + key(SettingKeys.WEBSOCKET_SERVICES) + ".");
  }

  @Override
  public Reports protocolReports() {
    return protocol;
  }

  @Override
  public String product() {
    return PRODUCT;
  }

  @Override
  public ProxySettings settings(Ingress ingress, ConfigMap controllerConfig) {
    Map<String, String> data = controllerConfig == null ? null : controllerConfig.getData();
    Setting baseRead = base(data, SettingKeys.PROXY_READ_TIMEOUT);
    Setting baseSend = base(data, SettingKeys.PROXY_SEND_TIMEOUT);
    IdleTimeouts timeouts =
        idleTimeoutsWith(
            new IdleTimeouts(baseRead, baseSend, baseRead, baseSend),
            annotation(ingress, SettingKeys.PROXY_READ_TIMEOUT),
            annotation(ingress, SettingKeys.PROXY_SEND_TIMEOUT));
    List<String> missing =
        WebSocketServices.missing(ingress, annotation(ingress, SettingKeys.WEBSOCKET_SERVICES));
    return new ProxySettings(
        controller.proxy(),
        PRODUCT,
        new Setting(ProtocolVersion.HTTP_1_1, Setting.Source.DEFAULT, null),
        null,
        missing.isEmpty()
            ? Upgrades.always()
            : Upgrades.not(
                "Service "
                    + String.join(", ", missing)
                    + " is not in "
                    + key(SettingKeys.WEBSOCKET_SERVICES)),
        timeouts,
        controller.configMapName(),
        new Bound(ingress));
  }

  private static Setting base(Map<String, String> data, String key) {
    Long cm = data == null ? null : nginxSeconds(data.get(key));
    return cm == null
        ? new Setting(Long.toString(DEFAULT_SECONDS), Setting.Source.DEFAULT, null)
        : new Setting(Long.toString(cm), Setting.Source.CONFIGMAP, null);
  }

  @Override
  public Fix raiseIdleTimeouts(ProxySettings s, long seconds) {
    return new Fix(
        s.idleTimeouts().raiseTo(seconds, n -> n + "s"),
        raiseBothTimeouts(seconds + "s")
            + " on this Ingress (a VirtualServer route sets read-timeout and send-timeout"
            + " instead).");
  }

  @Override
  public IdleTimeouts idleTimeoutsWith(IdleTimeouts now, String read, String send) {
    return now.withAnnotations(read, send, F5NginxProxy::nginxSeconds);
  }

  /** An nginx time ({@code 60}, {@code 60s}, {@code 1h}) in whole seconds, else null. */
  static Long nginxSeconds(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return Durations.parse(raw.trim()).toSeconds();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The fixes for one Ingress: adding its Services to websocket-services needs their names. */
  private final class Bound extends ForwardingProxyFixes {

    private final Ingress ingress;

    Bound(Ingress ingress) {
      super(F5NginxProxy.this);
      this.ingress = ingress;
    }

    @Override
    public Fix passUpgrades(ProxySettings s) {
      String current = annotation(ingress, SettingKeys.WEBSOCKET_SERVICES);
      List<String> missing = WebSocketServices.missing(ingress, current);
      if (missing.isEmpty()) {
        return super.passUpgrades(s);
      }
      String value = WebSocketServices.with(current, missing);
      return new Fix(
          List.of(new AnnotationChange(SettingKeys.WEBSOCKET_SERVICES, value)),
          "add the Service to "
              + key(SettingKeys.WEBSOCKET_SERVICES)
              + " (set it to \""
              + value
              + "\").");
    }
  }
}
