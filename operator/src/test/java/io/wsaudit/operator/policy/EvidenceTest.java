package io.wsaudit.operator.policy;

import static io.wsaudit.operator.testing.Cluster.HTTP_VERSION;
import static io.wsaudit.operator.testing.Cluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.testing.OperatorHarness;
import io.wsaudit.operator.testing.OtlpSender;
import io.wsaudit.operator.testing.Waits;
import io.wsaudit.operator.testing.WsSpans;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How evidence is gathered: spans in any order and export, and only within the policy's window. */
@Timeout(60)
class EvidenceTest {

  static final Duration WAIT = Duration.ofSeconds(15);

  @RegisterExtension final OperatorHarness harness = OperatorHarness.withConfig(c -> c);

  @BeforeEach
  void cluster() {
    harness.cluster().appBehindIngress("chat", "10.0.5.1", Map.of(HTTP_VERSION, "1.0"));
    harness.cluster().policy("audit", Mode.Observe, 3, null);
  }

  @Test
  void closeSpansThatArriveBeforeTheirHandshakesStillCount() {
    // Correlation by pod IP only: a close span carries none, so it must wait for its handshake.
    List<SpanData> spans =
        WsSpans.fromAddress("10.0.5.1").http("1.0").upgradedThenClosed(3, Duration.ofMillis(5));
    List<SpanData> closes =
        spans.stream().filter(s -> s.getName().equals(WsAuditSpans.CLOSE_SPAN)).toList();
    List<SpanData> handshakes =
        spans.stream().filter(s -> s.getName().equals(WsAuditSpans.HANDSHAKE_SPAN)).toList();
    try (OtlpSender grpc = harness.grpc();
        OtlpSender http = harness.http()) {
      assertThat(grpc.send(closes)).isTrue();
      assertThat(http.send(handshakes)).isTrue();
    }
    harness
        .cluster()
        .awaitOnlyFinding(
            "audit",
            f -> {
              assertThat(f.getState()).isEqualTo(FindingState.Open);
              assertThat(f.getConnections()).isEqualTo(3);
            });
  }

  @Test
  void connectionsOlderThanTheWindowDoNotCount() {
    try (OtlpSender http = harness.http()) {
      assertThat(
              http.send(
                  WsSpans.fromPod(NS, "chat-0")
                      .http("1.0")
                      .at(Instant.now().minus(Duration.ofMinutes(10)))
                      .upgradedThenClosed(5, Duration.ofMillis(5))))
          .isTrue();
      await().atMost(WAIT).until(() -> harness.cluster().status("audit") != null);
      Waits.throughReconciles(
          () -> assertThat(harness.cluster().status("audit").getFindings()).isEmpty());

      // The same failures now, inside the 5m window, are a finding: only their age kept them out.
      assertThat(
              http.send(
                  WsSpans.fromPod(NS, "chat-0")
                      .http("1.0")
                      .upgradedThenClosed(3, Duration.ofMillis(5))))
          .isTrue();
    }
    harness.cluster().awaitOnlyFinding("audit", f -> assertThat(f.getConnections()).isEqualTo(3));
  }
}
