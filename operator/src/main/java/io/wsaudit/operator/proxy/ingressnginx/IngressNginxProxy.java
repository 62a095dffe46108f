package io.wsaudit.operator.proxy.ingressnginx;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.contract.WsAuditSpans.ProtocolVersion;
import io.wsaudit.operator.proxy.AnnotationChange;
import io.wsaudit.operator.proxy.AnnotationProxy;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.Fix;
import io.wsaudit.operator.proxy.IdleTimeouts;
import io.wsaudit.operator.proxy.ProxySettings;
import io.wsaudit.operator.proxy.Setting;
import io.wsaudit.operator.proxy.SettingKeys;
import io.wsaudit.operator.proxy.Upgrades;
import java.util.List;

/**
 * ingress-nginx behind the seam: its settings by {@link EffectiveSettings} (annotation > ConfigMap
 * > default), every fix an annotation on the Ingress. It passes upgrades on every location ({@code
 * proxy_set_header Connection $connection_upgrade} in kubernetes/ingress-nginx {@code
 * rootfs/etc/nginx/template/nginx.tmpl}) unless {@code connection-proxy-header} replaces it.
 */
public final class IngressNginxProxy extends AnnotationProxy {

  public static final String PRODUCT = "ingress-nginx";

  private final EffectiveSettings settings;

  public IngressNginxProxy(ControllerSettings controller) {
    super(controller, EffectiveSettings.PATCHABLE, true);
    this.settings = new EffectiveSettings(controller);
  }

  @Override
  public String product() {
    return PRODUCT;
  }

  @Override
  public ProxySettings settings(Ingress ingress, ConfigMap controllerConfig) {
    return of(
        settings.proxyHttpVersion(ingress, controllerConfig),
        settings.connectionProxyHeader(ingress),
        settings.idleTimeouts(ingress, controllerConfig));
  }

  /** The settings from values already resolved (what the table tests build). */
  public ProxySettings of(Setting httpVersion, String connectionHeader, IdleTimeouts timeouts) {
    return new ProxySettings(
        controller.proxy(),
        PRODUCT,
        httpVersion,
        connectionHeader,
        Upgrades.always(),
        timeouts,
        controller.configMapName(),
        this);
  }

  @Override
  public Fix http11(ProxySettings s) {
    return new Fix(
        List.of(new AnnotationChange(SettingKeys.PROXY_HTTP_VERSION, ProtocolVersion.HTTP_1_1)),
        "set the annotation "
            + SettingKeys.PROXY_HTTP_VERSION
            + ": \""
            + ProtocolVersion.HTTP_1_1
            + "\""
            + (s.httpVersion().source() == Setting.Source.CONFIGMAP
                ? " on this Ingress, and fix the ConfigMap for the others"
                : ""));
  }

  @Override
  public Fix dropConnectionHeader(ProxySettings s) {
    return new Fix(
        List.of(new AnnotationChange(SettingKeys.CONNECTION_PROXY_HEADER, null)),
        "remove that annotation");
  }

  @Override
  public Fix passUpgrades(ProxySettings s) {
    return Fix.report("ingress-nginx passes upgrades on every location");
  }

  @Override
  public Fix raiseIdleTimeouts(ProxySettings s, long seconds) {
    return new Fix(
        s.idleTimeouts().raiseTo(seconds),
        "Raise proxy-read-timeout and proxy-send-timeout to \"" + seconds + "\" on this Ingress.");
  }

  @Override
  public IdleTimeouts idleTimeoutsWith(IdleTimeouts now, String read, String send) {
    return now.withAnnotations(read, send);
  }
}
