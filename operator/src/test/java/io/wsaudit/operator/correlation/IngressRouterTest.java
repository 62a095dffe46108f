package io.wsaudit.operator.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.testkit.kube.IngressDraft;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rule choice as ingress-nginx makes it, on hand-built Ingresses (the CRUD mock stamps its own
 * creationTimestamp, so age ordering is tested here without it).
 */
class IngressRouterTest {

  static final Set<String> NGINX = Set.of("nginx");

  /**
   * Two Ingresses for chat.example.com, one created in January and one in March: the oldest owns a
   * duplicated location whatever the names say, and a different path type is a different location.
   */
  @ParameterizedTest(name = "{0} {1} {2} vs {3} {4} {5}: {6} -> {7}")
  @CsvSource({
    "zz-original, /,   Prefix, aa-copy, /,   Prefix, /ws,   zz-original",
    "older,       /ws, Exact,  younger, /ws, Prefix, /ws/x, younger",
    "older,       /ws, Exact,  younger, /ws, Prefix, /ws,   older"
  })
  void theRuleIngressNginxPicks(
      String january,
      String januaryPath,
      String januaryType,
      String march,
      String marchPath,
      String marchType,
      String requestPath,
      String owner) {
    Ingress older = ingress(january, "2026-01-01T00:00:00Z", januaryPath, januaryType);
    Ingress younger = ingress(march, "2026-03-01T00:00:00Z", marchPath, marchType);
    IngressRouter router =
        new IngressRouter(lookup(List.of(younger, older)), ControllerSettings.defaults());
    assertThat(
            router
                .route("shop", Set.of("chat"), "chat.example.com", requestPath, NGINX)
                .map(Route::ingress))
        .contains(owner);
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

  private static Ingress ingress(String name, String created, String path, String pathType) {
    return IngressDraft.of("shop", name)
        .created(created)
        .host("chat.example.com")
        .path(path, pathType)
        .service("chat")
        .build();
  }
}
