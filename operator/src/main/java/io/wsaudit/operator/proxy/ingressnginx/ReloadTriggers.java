package io.wsaudit.operator.proxy.ingressnginx;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.operator.config.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Which changes make ingress-nginx reload. Any change of an Ingress's spec or annotations, and any
 * change of the controller ConfigMap's data, alters the rendered configuration; only endpoint and
 * certificate changes are applied without a reload (kubernetes/ingress-nginx {@code
 * pkg/util/ingress/ingress.go} {@code IsDynamicConfigurationEnough}). Status updates (the load
 * balancer address) are not changes of the configuration. (Approximation: a change that renders the
 * same nginx.conf does not reload; it is counted here.)
 */
public final class ReloadTriggers {

  /** {@code worker-shutdown-timeout}'s default (config.go {@code NewDefault}): 240 s. */
  public static final Duration DEFAULT_WORKER_SHUTDOWN_TIMEOUT = Duration.ofSeconds(240);

  static final String WORKER_SHUTDOWN_TIMEOUT = "worker-shutdown-timeout";

  private ReloadTriggers() {}

  /** Whether going from {@code before} to {@code after} (either null: created, deleted) reloads. */
  public static boolean reloads(Ingress before, Ingress after) {
    if (before == null || after == null) {
      return true;
    }
    return !Objects.equals(before.getSpec(), after.getSpec())
        || !Objects.equals(annotations(before), annotations(after));
  }

  /** Whether the change was wsaudit's: one of its bookkeeping annotations changed with it. */
  public static boolean byWsaudit(Ingress before, Ingress after, String bookkeepingPrefix) {
    Map<String, String> a = before == null ? Map.of() : annotations(before);
    Map<String, String> b = after == null ? Map.of() : annotations(after);
    return b.keySet().stream()
            .filter(k -> k.startsWith(bookkeepingPrefix))
            .anyMatch(k -> !Objects.equals(a.get(k), b.get(k)))
        || a.keySet().stream().anyMatch(k -> k.startsWith(bookkeepingPrefix) && !b.containsKey(k));
  }

  public static boolean reloads(ConfigMap before, ConfigMap after) {
    return before == null || after == null || !Objects.equals(before.getData(), after.getData());
  }

  /**
   * The ConfigMap's {@code worker-shutdown-timeout} (an nginx time such as {@code 240s} or {@code
   * 5m}), else 240 s.
   */
  public static Duration workerShutdownTimeout(ConfigMap controllerConfig) {
    String raw =
        controllerConfig == null || controllerConfig.getData() == null
            ? null
            : controllerConfig.getData().get(WORKER_SHUTDOWN_TIMEOUT);
    return Durations.parseOr(raw == null ? null : raw.trim(), DEFAULT_WORKER_SHUTDOWN_TIMEOUT);
  }

  private static Map<String, String> annotations(Ingress i) {
    Map<String, String> a = i.getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }
}
