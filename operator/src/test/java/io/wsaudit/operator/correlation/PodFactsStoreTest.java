package io.wsaudit.operator.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

/** The Pod store keeps the correlation facts, by key and by IP, through adds, moves and deletes. */
class PodFactsStoreTest {

  final PodFactsStore store = new PodFactsStore();

  @Test
  void keepsTheFactsByKeyAndIp_andHandsTheInformerAPodOfThemOnly() {
    Pod pod = pod("chat-0", "7", "10.0.0.1", "Running", false);
    String key = store.getKey(pod);
    assertThat(key).isEqualTo("shop/chat-0");
    assertThat(store.put(key, pod)).isNull();

    assertThat(store.facts("shop", "chat-0"))
        .isEqualTo(
            new PodFacts("shop", "chat-0", "7", java.util.List.of("10.0.0.1"), "Running", false));
    assertThat(store.byIp("10.0.0.1")).extracting(PodFacts::name).containsExactly("chat-0");
    assertThat(store.size()).isEqualTo(1);

    Pod back = store.get(key);
    assertThat(back.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(back.getStatus().getPodIP()).isEqualTo("10.0.0.1");
    assertThat(back.getStatus().getPhase()).isEqualTo("Running");
    assertThat(back.getMetadata().getLabels()).isNullOrEmpty();
    assertThat(back.getSpec()).isNull();
  }

  @Test
  void anUpdateMovesThePodToItsNewIp_andADeleteForgetsIt() {
    store.put("shop/chat-0", pod("chat-0", "1", "10.0.0.1", "Pending", false));
    Pod old = store.put("shop/chat-0", pod("chat-0", "2", "10.0.0.2", "Running", false));

    assertThat(old.getMetadata().getResourceVersion()).isEqualTo("1");
    assertThat(store.byIp("10.0.0.1")).isEmpty();
    assertThat(store.byIp("10.0.0.2")).extracting(PodFacts::phase).containsExactly("Running");

    store.put("shop/chat-1", pod("chat-1", "3", "10.0.0.2", "Failed", false));
    assertThat(store.byIp("10.0.0.2"))
        .extracting(PodFacts::name)
        .containsExactly("chat-0", "chat-1");

    assertThat(store.remove("shop/chat-0").getMetadata().getName()).isEqualTo("chat-0");
    assertThat(store.byIp("10.0.0.2")).extracting(PodFacts::name).containsExactly("chat-1");
    assertThat(store.facts("shop", "chat-0")).isNull();
    assertThat(store.remove("shop/chat-0")).isNull();
    assertThat(store.keySet()).containsExactly("shop/chat-1");
  }

  @Test
  void hostNetworkIsKept() {
    store.put("shop/node-agent", pod("node-agent", "1", "192.168.1.5", "Running", true));

    assertThat(store.byIp("192.168.1.5"))
        .singleElement()
        .satisfies(f -> assertThat(f.hostNetwork()).isTrue());
    assertThat(store.get("shop/node-agent").getSpec().getHostNetwork()).isTrue();
  }

  static Pod pod(String name, String rv, String ip, String phase, boolean hostNetwork) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace("shop")
        .withName(name)
        .withResourceVersion(rv)
        .addToLabels("app", "chat")
        .endMetadata()
        .withNewSpec()
        .withHostNetwork(hostNetwork)
        .addNewContainer()
        .withName("app")
        .withImage("chat:1")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .withPodIP(ip)
        .addNewPodIP(ip)
        .endStatus()
        .build();
  }
}
