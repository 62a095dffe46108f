package io.wsaudit.operator.correlation;

import static io.wsaudit.operator.testing.Cluster.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.wsaudit.operator.testing.OperatorHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Pod cache keeps only what correlation reads, and lookups by name and by IP still find the
 * Pod.
 */
@Timeout(60)
class PodCacheTest {

  @RegisterExtension final OperatorHarness harness = OperatorHarness.withConfig(c -> c);

  @Test
  void cachedPodsHoldTheCorrelationFieldsOnly_andAreFoundByNameAndIp() {
    harness.cluster().app("chat", "10.0.0.31");
    harness.cluster().ingress("chat", "nginx", "chat.example.com", "chat", Map.of(), Map.of());
    harness.awaitIndexed();
    ClusterIndex index = harness.operator().clusterIndex();

    Pod cached = index.pod(NS, "chat-0");
    assertThat(cached.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(cached.getMetadata().getName()).isEqualTo("chat-0");
    assertThat(cached.getStatus().getPodIP()).isEqualTo("10.0.0.31");
    assertThat(cached.getStatus().getPodIPs())
        .singleElement()
        .satisfies(ip -> assertThat(ip.getIp()).isEqualTo("10.0.0.31"));
    assertThat(cached.getStatus().getPhase()).isEqualTo("Running");
    // The API server's Pod has labels and a container; the cache dropped them.
    assertThat(
            harness
                .client()
                .pods()
                .inNamespace(NS)
                .withName("chat-0")
                .get()
                .getSpec()
                .getContainers())
        .isNotEmpty();
    assertThat(cached.getMetadata().getLabels()).isNullOrEmpty();
    assertThat(cached.getSpec() == null || cached.getSpec().getContainers().isEmpty()).isTrue();

    assertThat(index.podsByIp("10.0.0.31"))
        .singleElement()
        .satisfies(p -> assertThat(p.name()).isEqualTo("chat-0"));
    assertThat(index.servicesOf(cached)).containsExactly("chat");
  }

  @Test
  void informersListInPages() throws InterruptedException {
    harness.awaitIndexed();
    List<String> paths = new ArrayList<>();
    for (RecordedRequest r = harness.server().takeRequest(1, TimeUnit.SECONDS);
        r != null;
        r = harness.server().takeRequest(100, TimeUnit.MILLISECONDS)) {
      paths.add(r.getPath());
    }
    // A real API server answers with at most this many items and a continue token; the mock ignores
    // the limit.
    assertThat(paths)
        .filteredOn(p -> p.startsWith("/api/v1/pods?") && !p.contains("watch=true"))
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p).contains("limit=" + ClusterIndex.LIST_PAGE));
    assertThat(paths)
        .filteredOn(
            p -> p.startsWith("/apis/networking.k8s.io/v1/ingresses?") && !p.contains("watch=true"))
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p).contains("limit="));
  }
}
