package io.wsaudit.operator.proxy.haproxy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.contract.WsAuditSpans.ProtocolVersion;
import io.wsaudit.operator.proxy.AnnotationProxy;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.Fix;
import io.wsaudit.operator.proxy.IdleTimeouts;
import io.wsaudit.operator.proxy.ProxySettings;
import io.wsaudit.operator.proxy.ReloadDrain;
import io.wsaudit.operator.proxy.ReportsProtocolFixes;
import io.wsaudit.operator.proxy.ServiceAnnotations;
import io.wsaudit.operator.proxy.Setting;
import io.wsaudit.operator.proxy.SettingKeys;
import io.wsaudit.operator.proxy.Upgrades;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The HAProxy Kubernetes Ingress controller (haproxytech/kubernetes-ingress) behind the seam, for
 * Ingresses. HAProxy passes WebSocket upgrades on every route and speaks HTTP/1.1 to servers; no
 * annotation makes it speak HTTP/1.0 or replace {@code Connection}, so R1 and R2 never name it.
 * Which timer ends a quiet upgraded connection, and where it comes from, is {@link
 * HaproxySettings}; the fix is {@link HaproxyFixes}: wsaudit writes only the Ingress's {@code
 * timeout-server}, and reports what only the Service or the ConfigMap can change.
 *
 * <p>A changed backend reloads haproxy: {@code pkg/service/service.go} marks a reload when {@code
 * BackendCreateOrUpdate} returns a diff, and {@code pkg/controller/controller.go} then calls {@code
 * haproxy.Service("reload")}; the old process keeps its connections until {@code hard-stop-after}.
 */
public final class HaproxyProxy extends AnnotationProxy implements ReportsProtocolFixes {

  public static final String PRODUCT = "HAProxy Kubernetes Ingress Controller";

  private static final List<String> PATCHABLE = List.of(SettingKeys.TIMEOUT_SERVER);

  /** What R1 and R2 report: nothing here is for wsaudit to change. */
  private static final Reports PROTOCOL =
      new Reports(
          PRODUCT + " speaks HTTP/1.1 to servers and has no annotation that makes it HTTP/1.0",
          PRODUCT + " has no connection-proxy-header",
          PRODUCT + " passes upgrades on every route");

  public HaproxyProxy(ControllerSettings controller) {
    super(controller, PATCHABLE, true);
  }

  @Override
  public String product() {
    return PRODUCT;
  }

  @Override
  public ProxySettings settings(Ingress ingress, ConfigMap controllerConfig) {
    return settings(ingress, controllerConfig, ServiceAnnotations.none());
  }

  @Override
  public ProxySettings settings(
      Ingress ingress, ConfigMap controllerConfig, ServiceAnnotations services) {
    HaproxyRoute route =
        HaproxyRoute.of(
            ingress, controllerConfig == null ? null : controllerConfig.getData(), services);
    HaproxyRouteFixes fixes = new HaproxyRouteFixes(this, route);
    return new ProxySettings(
        controller.proxy(),
        PRODUCT,
        new Setting(ProtocolVersion.HTTP_1_1, Setting.Source.DEFAULT, null),
        null,
        Upgrades.always(),
        fixes.idleTimeouts(route),
        controller.configMapName(),
        fixes);
  }

  @Override
  public boolean readsServices() {
    return true;
  }

  /** The process a reload replaced closes what is still open at {@code hard-stop-after}. */
  @Override
  public ReloadDrain reloadDrain() {
    return new ReloadDrain(HaproxyKeys.HARD_STOP_AFTER, "the old haproxy process drops");
  }

  @Override
  public Duration reloadDrainTime(ConfigMap controllerConfig) {
    Map<String, String> data = controllerConfig == null ? null : controllerConfig.getData();
    return Duration.ofMillis(HaproxySettings.resolve(null, null, data).hardStopAfter().millis());
  }

  @Override
  public String idleCutter() {
    return "HAProxy";
  }

  @Override
  public Reports protocolReports() {
    return PROTOCOL;
  }

  /** Which change fixes it depends on the route's Service and ConfigMap: its settings' fixes. */
  @Override
  public Fix raiseIdleTimeouts(ProxySettings s, long seconds) {
    return s.fixes() instanceof HaproxyRouteFixes route
        ? route.raiseIdleTimeouts(s, seconds)
        : Fix.report(
            "Raise the idle limit of HAProxy's upgraded connections to "
                + seconds
                + " s: timeout-tunnel in the controller ConfigMap, or "
                + key(SettingKeys.TIMEOUT_SERVER)
                + " when timeout-tunnel is 0.");
  }

  /** Unbound to a route the Ingress's annotation alone cannot be resolved: its fixes can. */
  @Override
  public IdleTimeouts idleTimeoutsWith(IdleTimeouts now, String read, String send) {
    return now;
  }
}
