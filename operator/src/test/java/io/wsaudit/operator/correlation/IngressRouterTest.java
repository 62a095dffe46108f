package io.wsaudit.operator.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.operator.proxy.ingressnginx.ControllerSettings;
import io.wsaudit.testkit.kube.IngressDraft;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rule choice as ingress-nginx makes it, on hand-built Ingresses (the CRUD mock stamps its own
 * creationTimestamp, so age ordering is tested here without it).
 */
class IngressRouterTest {

  static final Set<String> NGINX = Set.of("nginx");

  @Test
  void theOldestIngressOwnsADuplicatedHostAndPath() {
    Ingress copy = ingress("aa-copy", "2026-03-01T00:00:00Z", "chat.example.com", "/", "Prefix");
    Ingress original =
        ingress("zz-original", "2026-01-01T00:00:00Z", "chat.example.com", "/", "Prefix");
    IngressRouter router =
        new IngressRouter(lookup(List.of(copy, original)), ControllerSettings.defaults());
    assertThat(
            router
                .route("shop", Set.of("chat"), "chat.example.com", "/ws", NGINX)
                .map(Route::ingress))
        .contains("zz-original");
  }

  @Test
  void aDifferentPathTypeIsADifferentLocation() {
    Ingress older = ingress("older", "2026-01-01T00:00:00Z", "chat.example.com", "/ws", "Exact");
    Ingress younger =
        ingress("younger", "2026-03-01T00:00:00Z", "chat.example.com", "/ws", "Prefix");
    IngressRouter router =
        new IngressRouter(lookup(List.of(older, younger)), ControllerSettings.defaults());
    assertThat(
            router
                .route("shop", Set.of("chat"), "chat.example.com", "/ws/x", NGINX)
                .map(Route::ingress))
        .contains("younger");
    assertThat(
            router
                .route("shop", Set.of("chat"), "chat.example.com", "/ws", NGINX)
                .map(Route::ingress))
        .contains("older");
  }

  @Test
  void hostsMatchExactlyOrByOneLabelWildcard_andPathsByElement() {
    assertThat(IngressRouter.hostScore("chat.example.com", "CHAT.example.com")).isEqualTo(2);
    assertThat(IngressRouter.hostScore("*.example.com", "chat.example.com")).isEqualTo(1);
    assertThat(IngressRouter.hostScore("*.example.com", "a.chat.example.com")).isEqualTo(-1);
    assertThat(IngressRouter.hostScore("", "anything")).isZero();
    assertThat(
            IngressRouter.pathMatches(
                new HTTPIngressPathBuilder().withPath("/ws").withPathType("Prefix").build(),
                "/ws/live"))
        .isTrue();
    assertThat(
            IngressRouter.pathMatches(
                new HTTPIngressPathBuilder().withPath("/ws").withPathType("Prefix").build(),
                "/wsx"))
        .isFalse();
    assertThat(
            IngressRouter.pathMatches(
                new HTTPIngressPathBuilder().withPath("/ws").withPathType("Exact").build(),
                "/ws/live"))
        .isFalse();
  }

  private static IngressLookup lookup(List<Ingress> all) {
    return new IngressLookup() {
      @Override
      public List<Ingress> ingressesForService(String namespace, String service) {
        return all;
      }

      @Override
      public List<Ingress> ingressesForHost(String host) {
        return all.stream()
            .filter(i -> i.getSpec().getRules().get(0).getHost().equals(host))
            .toList();
      }
    };
  }

  private static Ingress ingress(
      String name, String created, String host, String path, String pathType) {
    return IngressDraft.of("shop", name)
        .created(created)
        .host(host)
        .path(path, pathType)
        .service("chat")
        .build();
  }
}
