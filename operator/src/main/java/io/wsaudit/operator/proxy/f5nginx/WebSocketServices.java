package io.wsaudit.operator.proxy.f5nginx;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code nginx.org/websocket-services} annotation of F5 NGINX Ingress Controller: a
 * comma-separated list of Service names whose locations get {@code proxy_set_header Upgrade} and
 * {@code Connection $connection_upgrade} (nginx/kubernetes-ingress {@code
 * internal/configs/version1/nginx.ingress.tmpl}, {@code {{if $location.Websocket}}}).
 */
final class WebSocketServices {

  private WebSocketServices() {}

  /** The Service names listed, in order, blanks dropped. */
  static List<String> listed(String annotation) {
    if (annotation == null) {
      return List.of();
    }
    return Arrays.stream(annotation.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** Every Service an Ingress routes to (rules and default backend), in order. */
  static List<String> backends(Ingress ingress) {
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

  /** The backends not listed. */
  static List<String> missing(Ingress ingress, String annotation) {
    List<String> listed = listed(annotation);
    return backends(ingress).stream().filter(s -> !listed.contains(s)).toList();
  }

  /** The annotation value with {@code added} appended, keeping what was there. */
  static String with(String annotation, List<String> added) {
    List<String> all = new ArrayList<>(listed(annotation));
    added.stream().filter(s -> !all.contains(s)).forEach(all::add);
    return String.join(",", all);
  }

  private static void add(Set<String> out, IngressBackend b) {
    if (b != null && b.getService() != null && b.getService().getName() != null) {
      out.add(Objects.requireNonNull(b.getService().getName()));
    }
  }
}
