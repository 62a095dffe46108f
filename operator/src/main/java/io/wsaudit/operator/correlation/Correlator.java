package io.wsaudit.operator.correlation;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.wsaudit.operator.otlp.Observation;
import io.wsaudit.operator.otlp.ProxyObservation;
import io.wsaudit.operator.otlp.SpanSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the Ingress a connection went through. For a span: resource (namespace and pod name) or
 * local address (pod IP) → Pod → Services whose EndpointSlices list it → the ingress-nginx rule
 * routing to them for the span's host and path. For a proxy log line: {@code $proxy_upstream_name}
 * → the Ingress backends ingress-nginx gives that name, else {@code $upstream_addr} → Pod →
 * Services as for a span; then host and path → rule. For nginx's own span, which names no upstream:
 * host and path alone ({@link HostPathRoutes}). A pod behind no Ingress of the controller is looked
 * up among the HTTPRoutes of the enabled Gateway API proxies ({@link GatewayRouteLookup}).
 */
public final class Correlator {

  private final ClusterIndex index;
  private final IngressRouter router;
  private final HostPathRoutes byHostAndPath;
  private final Runnable ambiguous;
  private final GatewayRouteLookup gateways;

  public Correlator(ClusterIndex index) {
    this(index, () -> {});
  }

  /** With {@code ambiguous} told of each request whose host and path several Ingresses match. */
  public Correlator(ClusterIndex index, Runnable ambiguous) {
    this(index, ambiguous, GatewayRouteLookup.NONE);
  }

  /**
   * With {@code gateways} asked for a pod behind no Ingress of the audited controller (the
   * HTTPRoute rules of the enabled Gateway API proxies).
   */
  public Correlator(ClusterIndex index, Runnable ambiguous, GatewayRouteLookup gateways) {
    this.gateways = gateways;
    this.index = index;
    this.router = new IngressRouter(index, index.controller());
    this.byHostAndPath = new HostPathRoutes(index, router);
    this.ambiguous = ambiguous;
  }

  public Optional<Route> correlate(Observation o) {
    if (o instanceof ProxyObservation p) {
      return correlateProxy(p);
    }
    PodFacts pod = pod(o.source());
    return pod == null ? Optional.empty() : route(pod, o.serverAddress(), o.path());
  }

  private Optional<Route> correlateProxy(ProxyObservation p) {
    if (p.upstreamName() == null && p.upstreamAddr() == null) {
      HostPathRoutes.Result r = byHostAndPath.route(p.host(), p.path(), classes());
      if (r.ambiguous()) {
        ambiguous.run();
      }
      return r.route();
    }
    if (p.upstreamName() != null) {
      Optional<Route> byName = byUpstreamName(p);
      if (byName.isPresent()) {
        return byName;
      }
    }
    PodFacts pod = p.upstreamIp() == null ? null : byIp(p.upstreamIp());
    return pod == null ? Optional.empty() : route(pod, p.host(), p.path());
  }

  /** The Services whose backends carry the line's upstream name, per namespace, then the rule. */
  private Optional<Route> byUpstreamName(ProxyObservation p) {
    for (Ingress ing : index.ingressesForUpstream(p.upstreamName())) {
      String ns = ing.getMetadata().getNamespace();
      Set<String> services = new LinkedHashSet<>();
      for (IngressBackend b : Indexers.backends(ing)) {
        String name = Indexers.upstreamName(ns, b);
        if (name != null && Indexers.upstreamNames(name).contains(p.upstreamName())) {
          services.add(b.getService().getName());
        }
      }
      Optional<Route> r = router.route(ns, services, p.host(), p.path(), classes());
      if (r.isPresent()) {
        return r;
      }
    }
    return Optional.empty();
  }

  private Optional<Route> route(PodFacts pod, String host, String path) {
    Set<String> services = index.servicesOf(pod);
    if (services.isEmpty()) {
      return Optional.empty();
    }
    String ns = pod.namespace();
    Optional<Route> byIngress = router.route(ns, services, host, path, classes());
    return byIngress.isPresent() ? byIngress : gateways.route(ns, services, host, path);
  }

  private Set<String> classes() {
    return index.controllerClasses();
  }

  private PodFacts pod(SpanSource s) {
    if (s.hasPodName()) {
      PodFacts p = index.podFacts(s.podNamespace(), s.podName());
      if (p != null) {
        return p;
      }
    }
    return s.localAddress() == null ? null : byIp(s.localAddress());
  }

  private PodFacts byIp(String ip) {
    List<PodFacts> byIp = index.podsByIp(ip);
    // Several pods with one IP means a stale cache entry beside a new pod; the running one is the
    // live one.
    return byIp.stream()
        .filter(PodFacts::running)
        .findFirst()
        .orElse(byIp.isEmpty() ? null : byIp.get(0));
  }
}
