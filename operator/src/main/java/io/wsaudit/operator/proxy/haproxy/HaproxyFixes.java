package io.wsaudit.operator.proxy.haproxy;

import io.wsaudit.operator.proxy.haproxy.HaproxyFix.AnnotationChange;
import io.wsaudit.operator.proxy.haproxy.HaproxyFix.ConfigMapReport;
import io.wsaudit.operator.proxy.haproxy.HaproxyFix.Target;
import io.wsaudit.operator.proxy.haproxy.HaproxySettings.IdleLimit;
import java.util.Map;
import java.util.Optional;

/**
 * Which change fixes a diagnosis on the HAProxy Kubernetes Ingress controller: an annotation on the
 * Ingress or Service where the controller reads one ({@code timeout-server}), else a report naming
 * the ConfigMap key ({@code timeout-tunnel}, {@code hard-stop-after}).
 */
public final class HaproxyFixes {

  private HaproxyFixes() {}

  /**
   * The fix for quiet WebSockets cut before {@code wantedMillis}; empty when the limit in effect
   * already reaches it (or no timer ends them).
   *
   * <p>When {@code timeout tunnel} is in effect (the default 1h, or the ConfigMap's) it alone
   * decides, and only the ConfigMap sets it. When it is off ({@code 0}) and {@code timeout client}
   * (ConfigMap-only) is too short, the report asks for a {@code timeout-tunnel}, which supersedes
   * both. Otherwise {@code timeout server} is the short one and the fix goes where the controller
   * reads it first: the Service's annotation if it has one (even an invalid one, which makes the
   * backend inherit the ConfigMap's value), else the Ingress's.
   *
   * @param ingress the Ingress's annotations (null: none)
   * @param service the backend Service's annotations (null: none)
   * @param configMap the controller ConfigMap's data (null: none)
   */
  public static Optional<HaproxyFix> forIdleTimeout(
      Map<String, String> ingress,
      Map<String, String> service,
      Map<String, String> configMap,
      long wantedMillis) {
    String wanted = HaproxyDurations.format(requirePositive(wantedMillis));
    HaproxySettings settings = HaproxySettings.resolve(ingress, service, configMap);
    IdleLimit limit = settings.tunnelIdleLimit();
    if (limit.timer() == HaproxySettings.Timer.NONE || limit.millis() >= wantedMillis) {
      return Optional.empty();
    }
    if (limit.timer() == HaproxySettings.Timer.TUNNEL) {
      return Optional.of(
          tunnelReport(
              wanted,
              settings,
              "timeout tunnel supersedes timeout server on upgraded connections and the"
                  + " controller reads it only from its ConfigMap"));
    }
    long client = settings.client().millis();
    if (client > 0 && client < wantedMillis) {
      return Optional.of(
          tunnelReport(
              wanted,
              settings,
              "timeout client cuts the tunnel too and is ConfigMap-only; a non-zero"
                  + " timeout-tunnel supersedes client and server"));
    }
    String onService = HaproxyKeys.presentName(service, HaproxyKeys.TIMEOUT_SERVER);
    if (onService != null) {
      return Optional.of(
          new AnnotationChange(Target.SERVICE, onService, wanted, service.get(onService)));
    }
    String onIngress = HaproxyKeys.presentName(ingress, HaproxyKeys.TIMEOUT_SERVER);
    return Optional.of(
        onIngress == null
            ? new AnnotationChange(
                Target.INGRESS, HaproxyKeys.annotation(HaproxyKeys.TIMEOUT_SERVER), wanted, null)
            : new AnnotationChange(Target.INGRESS, onIngress, wanted, ingress.get(onIngress)));
  }

  /**
   * The fix for connections cut at a reload before {@code wantedMillis}: the old process keeps its
   * connections only until {@code hard-stop-after} (global, ConfigMap-only); empty when it already
   * reaches it.
   */
  public static Optional<HaproxyFix> forReloadCut(
      Map<String, String> configMap, long wantedMillis) {
    String wanted = HaproxyDurations.format(requirePositive(wantedMillis));
    HaproxySetting bound = HaproxySettings.resolve(null, null, configMap).hardStopAfter();
    if (bound.millis() >= wantedMillis) {
      return Optional.empty();
    }
    return Optional.of(
        new ConfigMapReport(
            HaproxyKeys.HARD_STOP_AFTER,
            wanted,
            bound.raw(),
            "hard-stop-after is global and the controller reads it only from its ConfigMap"));
  }

  private static ConfigMapReport tunnelReport(
      String wanted, HaproxySettings settings, String reason) {
    return new ConfigMapReport(HaproxyKeys.TIMEOUT_TUNNEL, wanted, settings.tunnel().raw(), reason);
  }

  private static long requirePositive(long millis) {
    if (millis <= 0) {
      throw new IllegalArgumentException("a wanted idle time must be positive, got " + millis);
    }
    return millis;
  }
}
