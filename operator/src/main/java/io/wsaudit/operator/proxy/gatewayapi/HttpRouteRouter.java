package io.wsaudit.operator.proxy.gatewayapi;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Picks the HTTPRoute rule a WebSocket handshake went through: among the routes whose backendRefs
 * name one of the pod's Services and whose parent Gateways belong to a wanted controller, the best
 * hostname and match by {@link RouteMatch}'s ranking; ties go to the oldest route, then the first
 * by {@code namespace/name}, then the first rule in list order (HTTPRoute spec, {@code
 * HTTPRouteRule.Matches}). The ruling is made among the routes that could have sent traffic to this
 * pod; the spec applies it across all routes of a listener, and a route not reaching the pod cannot
 * be the one that did.
 */
public final class HttpRouteRouter {

  static final String GROUP = "gateway.networking.k8s.io";

  private static final Comparator<HTTPRoute> OLDEST_FIRST =
      Comparator.comparing(
              (HTTPRoute r) ->
                  Optional.ofNullable(r.getMetadata().getCreationTimestamp()).orElse("9999"))
          .thenComparing(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName());

  private final HttpRouteIndex index;

  public HttpRouteRouter(HttpRouteIndex index) {
    this.index = index;
  }

  /**
   * The rule for a request to {@code host} and {@code path} that reached one of {@code services} in
   * {@code namespace}, among routes with a parent Gateway whose class's controllerName passes
   * {@code controllers}; only those parents are returned.
   */
  public Optional<GatewayRoute> route(
      String namespace,
      Set<String> services,
      String host,
      String path,
      Predicate<String> controllers) {
    List<Candidate> candidates = new ArrayList<>();
    for (String svc : services) {
      for (HTTPRoute r : index.routesForService(namespace, svc)) {
        List<GatewayParent> parents = parents(r, controllers);
        if (!parents.isEmpty()) {
          addCandidates(candidates, r, namespace, svc, host, path, parents);
        }
      }
    }
    return candidates.stream()
        .min(
            Comparator.comparing(Candidate::match, RouteMatch.BEST_FIRST)
                .thenComparing(Candidate::route, OLDEST_FIRST)
                .thenComparingInt(Candidate::ruleIndex))
        .map(
            c ->
                new GatewayRoute(
                    c.route,
                    c.ruleIndex,
                    c.hostname,
                    c.match.pathType(),
                    c.match.pathValue(),
                    c.parents));
  }

  private static void addCandidates(
      List<Candidate> out,
      HTTPRoute r,
      String namespace,
      String svc,
      String host,
      String path,
      List<GatewayParent> parents) {
    String bestHost = null;
    int[] hostChars = null;
    List<String> hostnames = HttpRouteIndex.nullToEmpty(r.getSpec().getHostnames());
    for (String h : hostnames.isEmpty() ? List.of("") : hostnames) {
      int[] c = RouteMatch.hostChars(h, host);
      if (c != null
          && (hostChars == null
              || c[0] > hostChars[0]
              || (c[0] == hostChars[0] && c[1] > hostChars[1]))) {
        bestHost = h;
        hostChars = c;
      }
    }
    if (hostChars == null) {
      return;
    }
    List<HTTPRouteRule> rules = HttpRouteIndex.rules(r);
    for (int i = 0; i < rules.size(); i++) {
      HTTPRouteRule rule = rules.get(i);
      if (!reaches(r, rule, namespace, svc)) {
        continue;
      }
      List<HTTPRouteMatch> matches = HttpRouteIndex.nullToEmpty(rule.getMatches());
      for (HTTPRouteMatch m :
          matches.isEmpty() ? Collections.<HTTPRouteMatch>singletonList(null) : matches) {
        RouteMatch rank = RouteMatch.of(m, path, hostChars[0], hostChars[1]);
        if (rank != null) {
          out.add(new Candidate(r, i, bestHost, rank, parents));
        }
      }
    }
  }

  private static boolean reaches(HTTPRoute r, HTTPRouteRule rule, String namespace, String svc) {
    for (HTTPBackendRef b : HttpRouteIndex.nullToEmpty(rule.getBackendRefs())) {
      if (HttpRouteIndex.isService(b)
          && svc.equals(b.getName())
          && namespace.equals(HttpRouteIndex.serviceNamespace(r, b))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The route's Gateway parents served by a wanted controller. A parentRef's group defaults to
   * Gateway API's, its kind to Gateway and its namespace to the route's ({@code ParentReference}).
   */
  public List<GatewayParent> parents(HTTPRoute r, Predicate<String> controllers) {
    List<GatewayParent> out = new ArrayList<>();
    for (ParentReference p : HttpRouteIndex.nullToEmpty(r.getSpec().getParentRefs())) {
      boolean gateway =
          (p.getGroup() == null || GROUP.equals(p.getGroup()))
              && (p.getKind() == null || "Gateway".equals(p.getKind()));
      if (!gateway) {
        continue;
      }
      String ns = p.getNamespace() == null ? r.getMetadata().getNamespace() : p.getNamespace();
      Gateway g = index.gateway(ns, p.getName());
      String className =
          g == null || g.getSpec() == null ? null : g.getSpec().getGatewayClassName();
      GatewayClass c = index.gatewayClass(className);
      String controller = c == null || c.getSpec() == null ? null : c.getSpec().getControllerName();
      if (controller != null && controllers.test(controller)) {
        out.add(new GatewayParent(g, p.getSectionName(), controller));
      }
    }
    return out;
  }

  private record Candidate(
      HTTPRoute route,
      int ruleIndex,
      String hostname,
      RouteMatch match,
      List<GatewayParent> parents) {}
}
