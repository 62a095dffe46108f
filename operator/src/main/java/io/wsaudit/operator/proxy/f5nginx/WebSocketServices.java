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
 * internal/configs/version1/nginx.ingress.tmpl}, {@code {{if $location.Websocket}}}). F5 splits the
 * value at commas and does not trim ({@code getWebsocketServices} in {@code
 * internal/configs/annotations.go}): in {@code "feed, chat"} the second name is {@code " chat"},
 * which no Service has, so it is read the same way here.
 */
final class WebSocketServices {

  private WebSocketServices() {}

  /** The names listed, in order, exactly as F5 reads them (not trimmed), empty ones dropped. */
  static List<String> listed(String annotation) {
    if (annotation == null) {
      return List.of();
    }
    return Arrays.stream(annotation.split(",")).filter(s -> !s.isEmpty()).toList();
  }

  /** The backends not listed. */
  static List<String> missing(Ingress ingress, String annotation) {
    List<String> listed = listed(annotation);
    return IngressBackends.services(ingress).stream().filter(s -> !listed.contains(s)).toList();
  }

  /** The annotation value with {@code added} appended, keeping what was there as it was. */
  static String with(String annotation, List<String> added) {
    List<String> listed = listed(annotation);
    List<String> more = new ArrayList<>();
    added.stream().filter(s -> !listed.contains(s) && !more.contains(s)).forEach(more::add);
    if (more.isEmpty()) {
      return annotation;
    }
    String kept = annotation == null || annotation.isEmpty() ? "" : annotation + ",";
    return kept + String.join(",", more);
  }
}
