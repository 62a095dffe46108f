package io.wsaudit.operator.proxy.ingressnginx;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.contract.WsAuditSpans.ProtocolVersion;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.IdleTimeouts;
import io.wsaudit.operator.proxy.Setting;
import io.wsaudit.operator.proxy.SettingKeys;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves ingress-nginx settings with its precedence: a valid Ingress annotation, else the
 * controller ConfigMap, else the built-in default (kubernetes/ingress-nginx {@code
 * internal/ingress/annotations/proxy/main.go}: an invalid annotation silently falls back to the
 * ConfigMap-merged default).
 */
public final class EffectiveSettings {

  public static final String PROXY_HTTP_VERSION = SettingKeys.PROXY_HTTP_VERSION;
  public static final String CONNECTION_PROXY_HEADER = SettingKeys.CONNECTION_PROXY_HEADER;
  public static final String PROXY_READ_TIMEOUT = SettingKeys.PROXY_READ_TIMEOUT;
  public static final String PROXY_SEND_TIMEOUT = SettingKeys.PROXY_SEND_TIMEOUT;

  /** {@code canary: "true"} marks an Ingress whose own settings ingress-nginx ignores. */
  public static final String CANARY = "canary";

  /** Every setting wsaudit may patch; rollback and the rate limit look for records of these. */
  public static final List<String> PATCHABLE =
      List.of(PROXY_HTTP_VERSION, CONNECTION_PROXY_HEADER, PROXY_READ_TIMEOUT, PROXY_SEND_TIMEOUT);

  /**
   * {@code defaults.Backend.ProxyHTTPVersion} in {@code
   * internal/ingress/controller/config/config.go}.
   */
  public static final String DEFAULT_PROXY_HTTP_VERSION = ProtocolVersion.HTTP_1_1;

  /** The annotation parser's {@code ValidateOptions([]string{"1.0","1.1"}, true, true)}. */
  private static final Set<String> VALID_HTTP_VERSIONS = Set.copyOf(ProtocolVersion.ALL);

  private final ControllerSettings controller;

  public EffectiveSettings(ControllerSettings controller) {
    this.controller = controller;
  }

  /** The {@code proxy_http_version} nginx uses for the locations of this Ingress. */
  public Setting proxyHttpVersion(Ingress ingress, ConfigMap controllerConfig) {
    String raw = annotation(ingress, PROXY_HTTP_VERSION);
    if (raw != null && VALID_HTTP_VERSIONS.contains(raw.trim())) {
      return new Setting(raw.trim(), Setting.Source.ANNOTATION, raw);
    }
    Map<String, String> data = controllerConfig == null ? null : controllerConfig.getData();
    // The ConfigMap value is copied into nginx.conf unvalidated, so it is taken as is.
    if (data != null && data.get(PROXY_HTTP_VERSION) != null) {
      return new Setting(data.get(PROXY_HTTP_VERSION).trim(), Setting.Source.CONFIGMAP, raw);
    }
    return new Setting(DEFAULT_PROXY_HTTP_VERSION, Setting.Source.DEFAULT, raw);
  }

  /**
   * The effective {@code proxy-read-timeout} and {@code proxy-send-timeout}. A ConfigMap value that
   * is not a bare integer is taken as the default here (inference: ingress-nginx logs the decode
   * error and keeps its default).
   */
  public IdleTimeouts idleTimeouts(Ingress ingress, ConfigMap controllerConfig) {
    Map<String, String> data = controllerConfig == null ? null : controllerConfig.getData();
    Setting baseRead = base(data, PROXY_READ_TIMEOUT);
    Setting baseSend = base(data, PROXY_SEND_TIMEOUT);
    return new IdleTimeouts(baseRead, baseSend, baseRead, baseSend)
        .withAnnotations(
            annotation(ingress, PROXY_READ_TIMEOUT), annotation(ingress, PROXY_SEND_TIMEOUT));
  }

  private static Setting base(Map<String, String> data, String key) {
    Long cm = data == null ? null : IdleTimeouts.seconds(trimmed(data.get(key)));
    return cm == null
        ? new Setting(Long.toString(IdleTimeouts.DEFAULT_SECONDS), Setting.Source.DEFAULT, null)
        : new Setting(Long.toString(cm), Setting.Source.CONFIGMAP, null);
  }

  private static String trimmed(String s) {
    return s == null ? null : s.trim();
  }

  /**
   * The {@code connection-proxy-header} annotation (annotation only; it has no ConfigMap key), or
   * null.
   */
  public String connectionProxyHeader(Ingress ingress) {
    return annotation(ingress, CONNECTION_PROXY_HEADER);
  }

  public String annotation(Ingress ingress, String key) {
    Map<String, String> a = ingress.getMetadata().getAnnotations();
    return a == null ? null : a.get(controller.annotation(key));
  }
}
