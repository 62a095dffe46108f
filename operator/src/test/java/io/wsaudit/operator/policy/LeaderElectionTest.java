package io.wsaudit.operator.policy;

import static io.wsaudit.operator.testing.Cluster.HTTP_VERSION;
import static io.wsaudit.operator.testing.Cluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.wsaudit.operator.WsAuditOperator;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.config.OperatorConfig;
import io.wsaudit.operator.testing.Metrics;
import io.wsaudit.operator.testing.OperatorHarness;
import io.wsaudit.operator.testing.OtlpSender;
import io.wsaudit.operator.testing.Waits;
import io.wsaudit.operator.testing.WsSpans;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas with leader election, both fed the same spans (a Collector fanning out): exactly one
 * patch.
 */
@Timeout(60)
class LeaderElectionTest {

  @RegisterExtension
  final OperatorHarness harness = OperatorHarness.withConfig(c -> replica(c, "replica-a"));

  /** A replica of the same Deployment: same Lease, its own identity, no patch interval. */
  private static OperatorConfig replica(OperatorConfig c, String identity) {
    return OperatorHarness.noPatchInterval(c)
        .withLeaderElection(true, "wsaudit-test", Optional.of(NS), Optional.of(identity), false);
  }

  @Test
  void twoReplicasPatchOnce_onlyTheLeaseHolderReconciles() throws Exception {
    WsAuditOperator second = harness.startReplica(c -> replica(c, "replica-b"));
    harness.cluster().appBehindIngress("chat", "10.0.4.1", Map.of(HTTP_VERSION, "1.0"));
    harness.cluster().policy("audit", Mode.Enforce, 3, null);

    // Whichever replica leads must be able to correlate what it receives.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                !second.clusterIndex().podsByIp("10.0.4.1").isEmpty()
                    && second.clusterIndex().ingress(NS, "chat") != null);
    var spans =
        WsSpans.fromPod(NS, "chat-0").http("1.0").upgradedThenClosed(3, Duration.ofMillis(2));
    try (OtlpSender a = harness.http();
        OtlpSender b = OtlpSender.http(second.otlpHttpPort(), "none")) {
      assertThat(a.send(spans)).isTrue();
      assertThat(b.send(spans)).isTrue();
    }

    harness.cluster().awaitAnnotation("chat", HTTP_VERSION, "1.1");
    Lease lease =
        harness.client().resources(Lease.class).inNamespace(NS).withName("wsaudit-test").get();
    assertThat(lease.getSpec().getHolderIdentity()).isIn("replica-a", "replica-b");
    Waits.throughReconciles(
        () -> assertThat(harness.cluster().status("audit").getRemediations()).hasSize(1));
    double patches = Metrics.counter(List.of(harness.operator(), second), "wsaudit_patches");
    assertThat(patches).isEqualTo(1.0);
  }
}
