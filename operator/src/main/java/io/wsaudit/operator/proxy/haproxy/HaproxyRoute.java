package io.wsaudit.operator.proxy.haproxy;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.operator.proxy.IngressBackends;
import io.wsaudit.operator.proxy.ServiceAnnotations;
import java.util.HashMap;
import java.util.Map;

/**
 * What the HAProxy Kubernetes Ingress controller reads for one Ingress's quiet WebSockets: the
 * Ingress's annotations, those of the backend Service whose haproxy backend ends a quiet tunnel
 * first (the controller writes one backend per Service, {@code pkg/service/service.go}), and the
 * controller ConfigMap's data.
 *
 * @param ingress the Ingress's annotations (never null)
 * @param service {@code namespace/name} of that Service; null when the Ingress routes to none
 * @param serviceAnnotations its annotations (null: none, or not known)
 * @param configMap the controller ConfigMap's data (null: none)
 * @param settings the timeouts resolved from these, as the controller resolves them
 */
public record HaproxyRoute(
    Map<String, String> ingress,
    String service,
    Map<String, String> serviceAnnotations,
    Map<String, String> configMap,
    HaproxySettings settings) {

  /** The route of {@code ingress}, picking the backend Service with the shortest idle limit. */
  public static HaproxyRoute of(
      Ingress ingress, Map<String, String> configMap, ServiceAnnotations services) {
    Map<String, String> annotations =
        ingress.getMetadata().getAnnotations() == null
            ? Map.of()
            : ingress.getMetadata().getAnnotations();
    String ns = ingress.getMetadata().getNamespace();
    HaproxyRoute shortest = null;
    for (String name : IngressBackends.services(ingress)) {
      HaproxyRoute r = of(annotations, ns + "/" + name, services.of(ns, name), configMap);
      if (shortest == null || idleMillis(r) < idleMillis(shortest)) {
        shortest = r;
      }
    }
    return shortest != null ? shortest : of(annotations, null, null, configMap);
  }

  static HaproxyRoute of(
      Map<String, String> ingress,
      String service,
      Map<String, String> serviceAnnotations,
      Map<String, String> configMap) {
    return new HaproxyRoute(
        ingress,
        service,
        serviceAnnotations,
        configMap,
        HaproxySettings.resolve(ingress, serviceAnnotations, configMap));
  }

  /** The limit that ends a quiet upgraded connection here. */
  public HaproxySettings.IdleLimit idleLimit() {
    return settings.tunnelIdleLimit();
  }

  /**
   * The same route with the Ingress's {@code timeout-server} annotation {@code name} set to {@code
   * raw} (null removes it): what it was before a patch.
   */
  public HaproxyRoute withIngressTimeoutServer(String name, String raw) {
    Map<String, String> changed = new HashMap<>(ingress);
    if (raw == null) {
      changed.remove(name);
    } else {
      changed.put(name, raw);
    }
    return of(Map.copyOf(changed), service, serviceAnnotations, configMap);
  }

  /** No timer (0) lasts longest. */
  private static long idleMillis(HaproxyRoute r) {
    long ms = r.idleLimit().millis();
    return ms == 0 ? Long.MAX_VALUE : ms;
  }
}
