package io.wsaudit.operator.policy;

import static io.wsaudit.operator.testing.Cluster.NS;
import static io.wsaudit.operator.testing.Cluster.PREFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.testing.Cluster;
import io.wsaudit.operator.testing.OperatorHarness;
import io.wsaudit.operator.testing.OtlpSender;
import io.wsaudit.operator.testing.WsSpans;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ProxyReload against the mock API server: an Ingress change the informers see, then connections of
 * two Ingresses dropped together, give one report-only finding for the controller.
 */
@Timeout(60)
class ProxyReloadTest {

  @RegisterExtension final OperatorHarness harness = OperatorHarness.withConfig(c -> c);

  @Test
  void anIngressChangeThenDropsOnTwoIngressesIsOneControllerFinding() throws Exception {
    Cluster cluster = harness.cluster();
    cluster.appBehindIngress("chat", "10.0.8.1", Map.of());
    cluster.appBehindIngress("feed", "10.0.8.2", Map.of());
    cluster.policy("audit", Mode.Enforce, 3, null);
    harness.awaitIndexed();
    cluster.editMetadata("feed", m -> m.setAnnotations(Map.of(PREFIX + "proxy-body-size", "8m")));

    try (OtlpSender http = harness.http()) {
      Instant opened = Instant.now().minusSeconds(120);
      for (String app : new String[] {"chat", "feed"}) {
        assertThat(
                http.send(
                    WsSpans.fromPod(NS, app + "-0")
                        .host(app + ".example.com")
                        .at(opened)
                        .cutByTransport(Duration.ofSeconds(3))
                        .upgradedThenClosed(2, Duration.ofSeconds(121))))
            .isTrue();
      }
    }

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(cluster.status("audit").getFindings())
                    .filteredOn(f -> "ProxyReload".equals(f.getRule()))
                    .singleElement()
                    .satisfies(
                        f -> {
                          assertThat(f.getState()).isEqualTo(FindingState.NotRemediable);
                          assertThat(f.getController())
                              .isEqualTo("ingress-nginx/ingress-nginx-controller");
                          assertThat(f.getConnections()).isEqualTo(4);
                          assertThat(f.getExplanation())
                              .contains("Ingresses chat, feed", "Ingress shop/feed");
                        }));
    assertThat(cluster.annotations("chat")).isEmpty();
    assertThat(cluster.status("audit").getFindings())
        .extracting(Finding::getRule)
        .containsOnly("ProxyReload");
  }
}
