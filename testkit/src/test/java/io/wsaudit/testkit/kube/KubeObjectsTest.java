package io.wsaudit.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeObjectsTest {

  @Test
  void anIngressDraftDefaultsToNginxPrefixRootAndTheServiceOfItsName() {
    Ingress plain = IngressDraft.of("shop", "chat").host("chat.example").build();
    assertThat(plain.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(plain.getMetadata().getCreationTimestamp()).isNull();
    assertThat(plain.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(plain.getSpec().getRules())
        .singleElement()
        .satisfies(r -> assertThat(r.getHost()).isEqualTo("chat.example"));
    HTTPIngressPath path = plain.getSpec().getRules().get(0).getHttp().getPaths().get(0);
    assertThat(path.getPath()).isEqualTo("/");
    assertThat(path.getPathType()).isEqualTo("Prefix");
    assertThat(path.getBackend().getService().getName()).isEqualTo("chat");
    assertThat(path.getBackend().getService().getPort().getNumber()).isEqualTo(80);

    Ingress custom =
        IngressDraft.of("shop", "ws")
            .className(null)
            .path("/ws", "Exact")
            .service("api")
            .created("2026-01-01T00:00:00Z")
            .annotations(Map.of("a", "b"))
            .labels(Map.of("tier", "public"))
            .build();
    assertThat(custom.getSpec().getIngressClassName()).isNull();
    assertThat(custom.getMetadata().getCreationTimestamp()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(custom.getMetadata().getAnnotations()).containsExactly(Map.entry("a", "b"));
    assertThat(custom.getMetadata().getLabels()).containsExactly(Map.entry("tier", "public"));
    HTTPIngressPath ws = custom.getSpec().getRules().get(0).getHttp().getPaths().get(0);
    assertThat(ws.getPath()).isEqualTo("/ws");
    assertThat(ws.getPathType()).isEqualTo("Exact");
    assertThat(ws.getBackend().getService().getName()).isEqualTo("api");
  }

  @Test
  void anEndpointSliceListsEveryAddressReady_aBackendsRefersToItsPod() {
    var slice = KubeObjects.endpointSlice("shop", "b", 9002, "127.0.0.1", "127.0.0.2");
    assertThat(slice.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "b");
    assertThat(slice.getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getPort()).isEqualTo(9002));
    assertThat(slice.getEndpoints())
        .extracting(e -> e.getAddresses().get(0), e -> e.getConditions().getReady())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("127.0.0.1", true),
            org.assertj.core.groups.Tuple.tuple("127.0.0.2", true));

    var backend = KubeObjects.endpointSlice(Backend.of("shop", "chat", "10.0.0.7"));
    assertThat(backend.getEndpoints())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getAddresses()).containsExactly("10.0.0.7");
              assertThat(e.getTargetRef().getName()).isEqualTo("chat-0");
            });
    assertThat(backend.getPorts().get(0).getPort()).isEqualTo(8080);
    assertThat(KubeObjects.service("shop", "chat", 8080).getSpec().getSelector())
        .containsExactly(Map.entry("app", "chat"));
  }
}
