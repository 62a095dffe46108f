package io.wsaudit.operator.proxy;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The Services an Ingress routes to, for proxies whose settings name or read them. */
public final class IngressBackends {

  private IngressBackends() {}

  /** Every Service an Ingress routes to (default backend, then rules), in order, once each. */
  public static List<String> services(Ingress ingress) {
    Set<String> out = new LinkedHashSet<>();
    var spec = ingress.getSpec();
    if (spec == null) {
      return List.of();
    }
    add(out, spec.getDefaultBackend());
    if (spec.getRules() != null) {
      spec.getRules().stream()
          .filter(r -> r.getHttp() != null && r.getHttp().getPaths() != null)
          .flatMap(r -> r.getHttp().getPaths().stream())
          .forEach(p -> add(out, p.getBackend()));
    }
    return List.copyOf(out);
  }

  private static void add(Set<String> out, IngressBackend b) {
    if (b != null && b.getService() != null && b.getService().getName() != null) {
      out.add(Objects.requireNonNull(b.getService().getName()));
    }
  }
}
