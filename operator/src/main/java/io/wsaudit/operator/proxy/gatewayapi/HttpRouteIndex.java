package io.wsaudit.operator.proxy.gatewayapi;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTPRoutes by the Services their {@code backendRefs} name, Gateways by name and GatewayClasses by
 * name. A pure index the caller feeds ({@link #put}, {@link #remove}) from wherever it watches
 * these kinds, typically informer event handlers; it holds no client, so the seam decides which
 * kinds to watch (only when a Gateway API proxy is enabled) and tests feed it directly. Safe for
 * one writer and many readers: each map is concurrent and an object is replaced whole.
 */
public final class HttpRouteIndex {

  private final Map<String, HTTPRoute> routes = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> routesByService = new ConcurrentHashMap<>();
  private final Map<String, Gateway> gateways = new ConcurrentHashMap<>();
  private final Map<String, GatewayClass> classes = new ConcurrentHashMap<>();

  /** An index holding these objects (HTTPRoutes, Gateways, GatewayClasses; others are ignored). */
  public static HttpRouteIndex of(Collection<? extends HasMetadata> objects) {
    HttpRouteIndex index = new HttpRouteIndex();
    objects.forEach(index::put);
    return index;
  }

  /** Adds or replaces an HTTPRoute, Gateway or GatewayClass; other kinds are ignored. */
  public synchronized void put(HasMetadata o) {
    if (o instanceof HTTPRoute r) {
      remove(r);
      routes.put(key(r), r);
      for (String svc : backendServices(r)) {
        routesByService.computeIfAbsent(svc, k -> ConcurrentHashMap.newKeySet()).add(key(r));
      }
    } else if (o instanceof Gateway g) {
      gateways.put(key(g), g);
    } else if (o instanceof GatewayClass c) {
      classes.put(c.getMetadata().getName(), c);
    }
  }

  public synchronized void remove(HasMetadata o) {
    if (o instanceof HTTPRoute r) {
      HTTPRoute old = routes.remove(key(r));
      if (old != null) {
        for (String svc : backendServices(old)) {
          Set<String> keys = routesByService.get(svc);
          if (keys != null) {
            keys.remove(key(old));
            if (keys.isEmpty()) {
              routesByService.remove(svc);
            }
          }
        }
      }
    } else if (o instanceof Gateway g) {
      gateways.remove(key(g));
    } else if (o instanceof GatewayClass c) {
      classes.remove(c.getMetadata().getName());
    }
  }

  /** HTTPRoutes with a backendRef naming Service {@code namespace/service}. */
  public List<HTTPRoute> routesForService(String namespace, String service) {
    return routesByService.getOrDefault(namespace + "/" + service, Set.of()).stream()
        .map(routes::get)
        .filter(r -> r != null)
        .toList();
  }

  /** Every HTTPRoute in {@code namespace}. */
  public List<HTTPRoute> routesIn(String namespace) {
    return routes.values().stream()
        .filter(r -> namespace.equals(r.getMetadata().getNamespace()))
        .toList();
  }

  public HTTPRoute route(String namespace, String name) {
    return routes.get(namespace + "/" + name);
  }

  public Gateway gateway(String namespace, String name) {
    return gateways.get(namespace + "/" + name);
  }

  public GatewayClass gatewayClass(String name) {
    return name == null ? null : classes.get(name);
  }

  /**
   * {@code ns/name} of every Service the route's backendRefs name. A backendRef's kind defaults to
   * Service in the core group and its namespace to the route's (HTTPRoute {@code
   * spec.rules[].backendRefs}); another namespace also needs a ReferenceGrant, which is the
   * controller's to check, not ours.
   */
  static Set<String> backendServices(HTTPRoute r) {
    Set<String> out = new LinkedHashSet<>();
    for (HTTPRouteRule rule : rules(r)) {
      for (HTTPBackendRef b : nullToEmpty(rule.getBackendRefs())) {
        if (isService(b)) {
          out.add(serviceNamespace(r, b) + "/" + b.getName());
        }
      }
    }
    return out;
  }

  static boolean isService(HTTPBackendRef b) {
    return b.getName() != null
        && (b.getGroup() == null || b.getGroup().isEmpty())
        && (b.getKind() == null || "Service".equals(b.getKind()));
  }

  static String serviceNamespace(HTTPRoute r, HTTPBackendRef b) {
    return b.getNamespace() == null ? r.getMetadata().getNamespace() : b.getNamespace();
  }

  static List<HTTPRouteRule> rules(HTTPRoute r) {
    return r.getSpec() == null ? List.of() : nullToEmpty(r.getSpec().getRules());
  }

  static <E> List<E> nullToEmpty(List<E> l) {
    return l == null ? List.of() : l;
  }

  private static String key(HasMetadata o) {
    return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }
}
