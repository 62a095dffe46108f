package io.wsaudit.operator.correlation;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.ingressnginx.EffectiveSettings;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Picks the Ingress rule ingress-nginx used for a request: the most specific host, then the longest
 * matching path; when several Ingresses claim the same host, path and pathType, the oldest one owns
 * the location ("Location already configured", kubernetes/ingress-nginx {@code
 * docs/how-it-works.md}), so a younger duplicate is never the answer. Canary Ingresses are left
 * out: ingress-nginx ignores these annotations on them and inherits the main Ingress's.
 */
public final class IngressRouter {

  static final Comparator<Ingress> OLDEST_FIRST =
      Comparator.comparing(
              (Ingress i) ->
                  Optional.ofNullable(i.getMetadata().getCreationTimestamp()).orElse("9999"))
          .thenComparing(i -> i.getMetadata().getNamespace())
          .thenComparing(i -> i.getMetadata().getName());

  private final IngressLookup index;
  private final String canaryAnnotation;

  public IngressRouter(IngressLookup index, ControllerSettings controller) {
    this.index = index;
    this.canaryAnnotation = controller.annotation(EffectiveSettings.CANARY);
  }

  /**
   * The route for a request to {@code host} and {@code path} that reached one of {@code services}
   * in {@code namespace}, among Ingresses served by {@code classNames}.
   */
  public Optional<Route> route(
      String namespace, Set<String> services, String host, String path, Set<String> classNames) {
    Predicate<Ingress> eligible = i -> IngressClasses.isServedBy(i, classNames) && !isCanary(i);
    Candidate best = null;
    for (String svc : services) {
      for (Ingress ing : index.ingressesForService(namespace, svc)) {
        if (!eligible.test(ing)) {
          continue;
        }
        for (IngressRule rule : Indexers.nullToEmpty(ing.getSpec().getRules())) {
          int hostScore = hostScore(rule.getHost(), host);
          if (hostScore < 0 || rule.getHttp() == null) {
            continue;
          }
          for (HTTPIngressPath p : Indexers.nullToEmpty(rule.getHttp().getPaths())) {
            if (!backendIs(p.getBackend(), svc) || !pathMatches(p, path)) {
              continue;
            }
            Candidate c =
                new Candidate(
                    ing, nz(rule.getHost()), nz(p.getPath()), nz(p.getPathType()), hostScore);
            if (best == null || c.betterThan(best)) {
              best = c;
            }
          }
        }
        if (best == null
            && ing.getSpec().getDefaultBackend() != null
            && backendIs(ing.getSpec().getDefaultBackend(), svc)) {
          best = new Candidate(ing, "", "", "", -1);
        }
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    Ingress owner = owner(best, eligible);
    return Optional.of(
        new Route(
            owner.getMetadata().getNamespace(),
            owner.getMetadata().getName(),
            best.host,
            best.path));
  }

  /** The oldest eligible Ingress defining the same host, path and pathType as {@code c}. */
  private Ingress owner(Candidate c, Predicate<Ingress> eligible) {
    if (c.hostScore < 0) {
      return c.ingress;
    }
    return index.ingressesForHost(c.host).stream()
        .filter(eligible)
        .filter(i -> definesLocation(i, c.host, c.path, c.pathType))
        .min(OLDEST_FIRST)
        .orElse(c.ingress);
  }

  private static boolean definesLocation(Ingress i, String host, String path, String pathType) {
    for (IngressRule r : Indexers.nullToEmpty(i.getSpec().getRules())) {
      if (nz(r.getHost()).equals(host) && r.getHttp() != null) {
        for (HTTPIngressPath p : Indexers.nullToEmpty(r.getHttp().getPaths())) {
          if (nz(p.getPath()).equals(path) && nz(p.getPathType()).equals(pathType)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private boolean isCanary(Ingress i) {
    var a = i.getMetadata().getAnnotations();
    return a != null && "true".equalsIgnoreCase(a.get(canaryAnnotation));
  }

  /**
   * 2 exact host, 1 wildcard, 0 rule without host; -1 no match. An unknown request host matches any
   * rule.
   */
  static int hostScore(String ruleHost, String host) {
    if (ruleHost == null || ruleHost.isEmpty()) {
      return 0;
    }
    if (host == null || host.isEmpty()) {
      return 0;
    }
    if (ruleHost.equalsIgnoreCase(host)) {
      return 2;
    }
    if (ruleHost.startsWith("*.")) {
      String suffix = ruleHost.substring(1);
      int dot = host.indexOf('.');
      // A wildcard covers exactly one DNS label (Kubernetes Ingress spec).
      return dot > 0 && host.substring(dot).equalsIgnoreCase(suffix) ? 1 : -1;
    }
    return -1;
  }

  /**
   * Exact, or element-wise prefix for Prefix and ImplementationSpecific (ingress-nginx treats it as
   * prefix).
   */
  static boolean pathMatches(HTTPIngressPath p, String requestPath) {
    String rulePath = p.getPath() == null || p.getPath().isEmpty() ? "/" : p.getPath();
    if (requestPath == null || requestPath.isEmpty()) {
      return true;
    }
    if ("Exact".equals(p.getPathType())) {
      return rulePath.equals(requestPath);
    }
    if (rulePath.equals("/")) {
      return true;
    }
    String trimmed =
        rulePath.endsWith("/") ? rulePath.substring(0, rulePath.length() - 1) : rulePath;
    return requestPath.equals(trimmed) || requestPath.startsWith(trimmed + "/");
  }

  private static boolean backendIs(IngressBackend b, String svc) {
    return b != null && b.getService() != null && svc.equals(b.getService().getName());
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private record Candidate(
      Ingress ingress, String host, String path, String pathType, int hostScore) {
    boolean betterThan(Candidate o) {
      if (hostScore != o.hostScore) {
        return hostScore > o.hostScore;
      }
      if (path.length() != o.path.length()) {
        return path.length() > o.path.length();
      }
      if ("Exact".equals(pathType) != "Exact".equals(o.pathType)) {
        return "Exact".equals(pathType);
      }
      return OLDEST_FIRST.compare(ingress, o.ingress) < 0;
    }
  }
}
