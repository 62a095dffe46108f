package io.wsaudit.operator.proxy.ngf;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.wsaudit.operator.proxy.gatewayapi.GatewayParent;
import io.wsaudit.operator.proxy.gatewayapi.GatewayRoute;
import io.wsaudit.operator.proxy.gatewayapi.PolicyTargets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * NGF's effective {@code proxy_read_timeout} and {@code proxy_send_timeout} for an HTTPRoute. A
 * ProxySettingsPolicy renders them through {@code internal/controller/nginx/config/policies/
 * proxysettings/generator.go}: one on the HTTPRoute into the route's {@code location}s, one on the
 * Gateway into its {@code http} context; nginx inherits each directive separately, so the route's
 * read timer may come from its policy and the send timer from the Gateway's; neither set leaves
 * nginx's 60 s. Of two policies on the same target that both set a field, the younger is rejected
 * whole ({@code markConflictedPolicies} in {@code internal/controller/state/graph/policies.go},
 * oldest first; {@code Conflicts} in {@code proxysettings/validator.go}). The HTTPRoute's own
 * {@code rules[].timeouts} play no part: see {@link IgnoredRouteTimeouts}.
 *
 * @param read the read timer (between two reads from the backend)
 * @param send the send timer (between two writes to the backend)
 */
public record ProxyTimeouts(ProxyTimeout read, ProxyTimeout send) {

  static final List<List<String>> CONFLICTING_FIELDS =
      List.of(
          List.of("spec", "timeout", "connect"),
          NginxGatewayFabric.READ_TIMEOUT,
          NginxGatewayFabric.SEND_TIMEOUT,
          List.of("spec", "buffering", "disable"),
          List.of("spec", "buffering", "bufferSize"),
          List.of("spec", "buffering", "buffers"),
          List.of("spec", "buffering", "busyBuffersSize"));

  /** Per timer, the shortest over the route's parents (each Gateway is its own nginx). */
  public static ProxyTimeouts effective(
      GatewayRoute route, List<GenericKubernetesResource> policies) {
    List<GenericKubernetesResource> onRoute = accepted(policies, route.route());
    ProxyTimeout read = null;
    ProxyTimeout send = null;
    List<GatewayParent> parents = route.parents();
    for (GatewayParent parent : parents) {
      List<GenericKubernetesResource> onGateway = accepted(policies, parent.gateway());
      read = shorter(read, timer(NginxGatewayFabric.READ_TIMEOUT, onRoute, onGateway));
      send = shorter(send, timer(NginxGatewayFabric.SEND_TIMEOUT, onRoute, onGateway));
    }
    if (parents.isEmpty()) {
      read = timer(NginxGatewayFabric.READ_TIMEOUT, onRoute, List.of());
      send = timer(NginxGatewayFabric.SEND_TIMEOUT, onRoute, List.of());
    }
    return new ProxyTimeouts(read, send);
  }

  /**
   * The policies NGF accepts on {@code target}: oldest first, minus those conflicting with an older
   * one.
   */
  static List<GenericKubernetesResource> accepted(
      List<GenericKubernetesResource> policies, HasMetadata target) {
    List<GenericKubernetesResource> on =
        policies.stream()
            .filter(p -> !PolicyTargets.sections(p, target).isEmpty())
            .sorted(PolicyTargets.OLDEST_FIRST)
            .toList();
    List<GenericKubernetesResource> out = new ArrayList<>();
    for (GenericKubernetesResource p : on) {
      if (out.stream().noneMatch(older -> conflicts(older, p))) {
        out.add(p);
      }
    }
    return out;
  }

  static boolean conflicts(GenericKubernetesResource a, GenericKubernetesResource b) {
    return CONFLICTING_FIELDS.stream()
        .anyMatch(f -> a.get(f.toArray()) != null && b.get(f.toArray()) != null);
  }

  private static ProxyTimeout timer(
      List<String> field,
      List<GenericKubernetesResource> onRoute,
      List<GenericKubernetesResource> onGateway) {
    return set(field, onRoute, ProxyTimeout.Source.ROUTE_POLICY)
        .or(() -> set(field, onGateway, ProxyTimeout.Source.GATEWAY_POLICY))
        .orElse(
            new ProxyTimeout(NginxGatewayFabric.NGINX_DEFAULT, ProxyTimeout.Source.DEFAULT, null));
  }

  private static Optional<ProxyTimeout> set(
      List<String> field, List<GenericKubernetesResource> policies, ProxyTimeout.Source source) {
    for (GenericKubernetesResource p : policies) {
      Optional<Duration> d = NginxDuration.parse((String) p.get(field.toArray()));
      if (d.isPresent()) {
        return Optional.of(
            new ProxyTimeout(
                d.get(), source, p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()));
      }
    }
    return Optional.empty();
  }

  private static ProxyTimeout shorter(ProxyTimeout a, ProxyTimeout b) {
    return a == null ? b : Comparator.comparing(ProxyTimeout::value).compare(b, a) < 0 ? b : a;
  }
}
