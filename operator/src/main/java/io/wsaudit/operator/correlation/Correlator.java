package io.wsaudit.operator.correlation;

import io.fabric8.kubernetes.api.model.Pod;
import io.wsaudit.operator.otlp.Observation;
import io.wsaudit.operator.otlp.SpanSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the Ingress a connection went through: span resource (namespace and pod name) or local
 * address (pod IP) → Pod → Services whose EndpointSlices list it → the ingress-nginx rule routing
 * to them for the span's host and path.
 */
public final class Correlator {

  private final ClusterIndex index;
  private final IngressRouter router;

  public Correlator(ClusterIndex index) {
    this.index = index;
    this.router = new IngressRouter(index, index.controller());
  }

  public Optional<Route> correlate(Observation o) {
    Pod pod = pod(o.source());
    if (pod == null) {
      return Optional.empty();
    }
    Set<String> services = index.servicesOf(pod);
    if (services.isEmpty()) {
      return Optional.empty();
    }
    Set<String> classes =
        IngressClasses.ofController(index.ingressClasses(), index.controller().controllerClass());
    return router.route(
        pod.getMetadata().getNamespace(), services, o.serverAddress(), o.path(), classes);
  }

  private Pod pod(SpanSource s) {
    if (s.hasPodName()) {
      Pod p = index.pod(s.podNamespace(), s.podName());
      if (p != null) {
        return p;
      }
    }
    if (s.localAddress() != null) {
      List<Pod> byIp = index.podsByIp(s.localAddress());
      // Several pods with one IP means a stale cache entry beside a new pod; the running one is the
      // live one.
      return byIp.stream()
          .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
          .findFirst()
          .orElse(byIp.isEmpty() ? null : byIp.get(0));
    }
    return null;
  }
}
