package io.wsaudit.operator.proxy.f5nginx;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.operator.proxy.IngressBackends;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

  /** The backends not listed. */
  static List<String> missing(Ingress ingress, String annotation) {
    List<String> listed = listed(annotation);
    return IngressBackends.services(ingress).stream().filter(s -> !listed.contains(s)).toList();
  }

  /** The annotation value with {@code added} appended, keeping what was there. */
  static String with(String annotation, List<String> added) {
    List<String> all = new ArrayList<>(listed(annotation));
    added.stream().filter(s -> !all.contains(s)).forEach(all::add);
    return String.join(",", all);
  }
}
