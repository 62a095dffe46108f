package io.wsaudit.operator.policy;

import static io.wsaudit.operator.testing.Cluster.PREFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.Remediation;
import io.wsaudit.operator.testing.Cluster;
import io.wsaudit.operator.testing.OperatorHarness;
import io.wsaudit.operator.testing.OtlpSender;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The IdleTimeout rule's Enforce loop against the mock API server: quiet connections cut at the
 * Ingress's read timeout → both timeouts raised in one patch → connections outliving the old
 * timeout resolve it → deleting the policy restores both (the absent one is removed). The read
 * timeout starts at 10 s so that "outlived it" fits in a test's real time.
 */
@Timeout(60)
class IdleTimeoutEnforceTest {

  static final Duration WAIT = Duration.ofSeconds(15);
  static final String READ = PREFIX + "proxy-read-timeout";
  static final String SEND = PREFIX + "proxy-send-timeout";

  @RegisterExtension final OperatorHarness harness = OperatorHarness.withConfig(c -> c);

  @Test
  void raisesBothTimeoutsVerifiesAndRollsBack() {
    Cluster cluster = harness.cluster();
    cluster.appBehindIngress("chat", "10.0.7.1", Map.of(READ, "10"));
    cluster.policy("audit", Mode.Enforce, 3, null);

    try (OtlpSender http = harness.http()) {
      // Dropped by nginx (1006, eof) after 10.2 s with nothing from the server.
      assertThat(http.send(ChatIdleSpans.cutAfterTenSeconds())).isTrue();

      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(cluster.annotations("chat"))
                      .containsEntry(READ, "3600")
                      .containsEntry(SEND, "3600")
                      .containsKeys(
                          "wsaudit.io/remediated-proxy-read-timeout",
                          "wsaudit.io/remediated-proxy-send-timeout"));
      // The status is written after the patch: wait for it too.
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                var status = cluster.status("audit");
                assertThat(status.getRemediations())
                    .extracting(Remediation::getAnnotation, Remediation::getPreviousValue)
                    .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(READ, "10"),
                        org.assertj.core.groups.Tuple.tuple(SEND, null));
                assertThat(status.getRemediationCount()).isEqualTo(1);
                assertThat(status.getFindings().get(0).getExplanation())
                    .contains(
                        "proxy-read-timeout (10 s, its annotation)", "ping interval below 10 s");
              });

      assertThat(http.send(ChatIdleSpans.outliveTheOldTimer())).isTrue();
    }
    cluster.awaitFinding("audit", "chat", FindingState.Resolved);
    cluster.deletePolicy("audit");
    cluster.awaitRestored("chat", READ, "10");
    cluster.awaitRestored("chat", SEND, null); // absent before: removed
  }
}
