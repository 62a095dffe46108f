package io.wsaudit.operator.gateway;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.correlation.EvidenceStore;
import io.wsaudit.operator.correlation.GatewayRouteLookup;
import io.wsaudit.operator.correlation.Route;
import io.wsaudit.operator.diagnosis.RouteEvidence;
import io.wsaudit.operator.policy.PolicyScope;
import io.wsaudit.operator.proxy.ProxySettings;
import io.wsaudit.operator.proxy.gatewayapi.GatewayParent;
import io.wsaudit.operator.proxy.gatewayapi.GatewayProxy;
import io.wsaudit.operator.proxy.gatewayapi.GatewayRoute;
import io.wsaudit.operator.proxy.gatewayapi.HttpRouteIndex;
import io.wsaudit.operator.proxy.gatewayapi.HttpRouteRouter;
import io.wsaudit.operator.proxy.gatewayapi.OwnedPolicies;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The HTTPRoutes of the enabled Gateway API proxies: routing a pod's connection to its HTTPRoute
 * rule, the routes a policy covers with their evidence and settings, and the policy objects of ours
 * a deleted policy may have changed. Reads only the caches {@link GatewayCaches} keeps, except
 * {@link #owned}, which reads the API server.
 */
public final class GatewayRoutes implements GatewayRouteLookup {

  private final KubernetesClient client;
  private final List<GatewayProxy> proxies;
  private final GatewayCaches caches;
  private final HttpRouteRouter router;

  public GatewayRoutes(KubernetesClient client, List<GatewayProxy> proxies, GatewayCaches caches) {
    this.client = client;
    this.proxies = List.copyOf(proxies);
    this.caches = caches;
    this.router = new HttpRouteRouter(caches.index());
  }

  /** No Gateway API proxy enabled: nothing routed, nothing in scope. */
  public static GatewayRoutes disabled() {
    return new GatewayRoutes(null, List.of(), GatewayCaches.none());
  }

  public List<GatewayProxy> proxies() {
    return proxies;
  }

  /** Why the Gateway API kinds cannot be watched (a missing CRD, RBAC), or empty. */
  public Optional<String> problem() {
    return caches.problem();
  }

  private boolean served(String controllerName) {
    return proxies.stream().anyMatch(p -> p.controllerName().equals(controllerName));
  }

  @Override
  public Optional<Route> route(String namespace, Set<String> services, String host, String path) {
    if (proxies.isEmpty()) {
      return Optional.empty();
    }
    return router
        .route(namespace, services, host, path, this::served)
        .map(r -> Route.httpRoute(r.namespace(), r.name(), r.hostname(), r.pathValue()));
  }

  /** The HTTPRoutes the policy covers (its namespace and ingressSelector), each with evidence. */
  public List<RouteEvidence> inScope(WebSocketAuditPolicy policy, EvidenceStore store) {
    if (proxies.isEmpty()) {
      return List.of();
    }
    HttpRouteIndex index = caches.index();
    List<RouteEvidence> out = new ArrayList<>();
    for (HTTPRoute r : index.routesIn(policy.getMetadata().getNamespace())) {
      if (!PolicyScope.matches(
          policy.getSpec().getIngressSelector(), r.getMetadata().getLabels())) {
        continue;
      }
      List<GatewayParent> parents = router.parents(r, this::served);
      if (parents.isEmpty() || r.getSpec().getRules() == null || r.getSpec().getRules().isEmpty()) {
        continue;
      }
      GatewayProxy proxy = proxyOf(parents.get(0).controllerName());
      // Ours targets the whole route, so the rule with the shortest limit is the one to judge.
      ProxySettings settings = shortest(r, parents, proxy);
      String key =
          Route.keyOf(Route.HTTP_ROUTE, r.getMetadata().getNamespace(), r.getMetadata().getName());
      out.add(
          new RouteEvidence(
              r, store.since(key, Instant.EPOCH), settings, "Gateway " + parents.get(0).key()));
    }
    return out;
  }

  private ProxySettings shortest(HTTPRoute r, List<GatewayParent> parents, GatewayProxy proxy) {
    return IntStream.range(0, r.getSpec().getRules().size())
        .mapToObj(
            i ->
                proxy.settings(
                    new GatewayRoute(r, i, "", "PathPrefix", "/", parents), caches::policies, null))
        .min(Comparator.comparingLong(s -> s.idleTimeouts().readSeconds()))
        .orElseThrow();
  }

  private GatewayProxy proxyOf(String controllerName) {
    return proxies.stream()
        .filter(p -> p.controllerName().equals(controllerName))
        .findFirst()
        .orElseThrow();
  }

  /** {@code apiVersion/kind} of every policy kind wsaudit may write for the enabled proxies. */
  public Set<String> writableKinds() {
    return proxies.stream().map(p -> p.writes().id()).collect(Collectors.toUnmodifiableSet());
  }

  /** The policy objects of ours in {@code namespace}, read fresh from the API server. */
  public List<GenericKubernetesResource> owned(String namespace) {
    List<GenericKubernetesResource> out = new ArrayList<>();
    proxies.stream()
        .map(GatewayProxy::writes)
        .distinct()
        .forEach(
            k ->
                client
                    .genericKubernetesResources(k.apiVersion(), k.kind())
                    .inNamespace(namespace)
                    .withLabel(OwnedPolicies.MANAGED_BY, OwnedPolicies.WSAUDIT)
                    .list()
                    .getItems()
                    .stream()
                    .filter(Objects::nonNull)
                    .forEach(out::add));
    return out;
  }
}
