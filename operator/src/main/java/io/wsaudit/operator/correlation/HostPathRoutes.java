package io.wsaudit.operator.correlation;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the Ingress rule of a request known only by its host and path (nginx's own span names no
 * upstream): the Ingresses with a rule for the host (exact, its one-label wildcard, or no host),
 * routed per namespace by {@link IngressRouter}; the most specific host, then the longest path
 * wins. When Ingresses of different names tie, nothing says which one nginx used: the request is
 * left uncorrelated rather than filed under a guess.
 */
final class HostPathRoutes {

  /** A route, or none; {@code ambiguous} when several Ingresses matched equally well. */
  record Result(Optional<Route> route, boolean ambiguous) {
    static final Result NONE = new Result(Optional.empty(), false);
  }

  private final ClusterIndex index;
  private final IngressRouter router;

  HostPathRoutes(ClusterIndex index, IngressRouter router) {
    this.index = index;
    this.router = router;
  }

  Result route(String host, String path, Set<String> classes) {
    Map<String, Set<String>> servicesByNamespace = new LinkedHashMap<>();
    for (String h : hostKeys(host)) {
      for (Ingress ing : index.ingressesForHost(h)) {
        Set<String> services =
            servicesByNamespace.computeIfAbsent(
                ing.getMetadata().getNamespace(), ns -> new LinkedHashSet<>());
        for (IngressBackend b : Indexers.backends(ing)) {
          if (b != null && b.getService() != null && b.getService().getName() != null) {
            services.add(b.getService().getName());
          }
        }
      }
    }
    Route best = null;
    boolean tie = false;
    for (Map.Entry<String, Set<String>> e : servicesByNamespace.entrySet()) {
      Optional<Route> r = router.route(e.getKey(), e.getValue(), host, path, classes);
      if (r.isEmpty()) {
        continue;
      }
      int c = best == null ? 1 : compare(r.get(), best, host);
      if (c > 0) {
        best = r.get();
        tie = false;
      } else if (c == 0 && !r.get().ingressKey().equals(best.ingressKey())) {
        tie = true;
      }
    }
    if (best == null) {
      return Result.NONE;
    }
    return tie ? new Result(Optional.empty(), true) : new Result(Optional.of(best), false);
  }

  /** The host itself, the wildcard covering its first label, and rules without a host. */
  private static Set<String> hostKeys(String host) {
    Set<String> keys = new LinkedHashSet<>();
    if (host != null && !host.isEmpty()) {
      keys.add(host);
      int dot = host.indexOf('.');
      if (dot > 0) {
        keys.add("*" + host.substring(dot));
      }
    }
    keys.add("");
    return keys;
  }

  private static int compare(Route a, Route b, String host) {
    int byHost =
        Integer.compare(
            IngressRouter.hostScore(a.host(), host), IngressRouter.hostScore(b.host(), host));
    return byHost != 0 ? byHost : Integer.compare(a.path().length(), b.path().length());
  }
}
