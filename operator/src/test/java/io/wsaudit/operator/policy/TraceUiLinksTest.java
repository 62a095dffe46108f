package io.wsaudit.operator.policy;

import static io.wsaudit.operator.testing.Cluster.HTTP_VERSION;
import static io.wsaudit.operator.testing.Cluster.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.testing.Cluster;
import io.wsaudit.operator.testing.OperatorHarness;
import io.wsaudit.operator.testing.Waits;
import io.wsaudit.operator.testing.WsSpans;
import io.wsaudit.operator.tracing.TraceLinks;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With {@code --trace-ui-url}, a finding and its Events link to the sample traces. */
@Timeout(60)
class TraceUiLinksTest {

  static final String JAEGER = "http://jaeger-query.tracing:16686";

  @RegisterExtension
  final OperatorHarness harness =
      OperatorHarness.withConfig(c -> c.withTraceLinks(TraceLinks.of(JAEGER + "/")));

  @Test
  void aFindingAndItsEventsLinkToTheSampleTraces() {
    Cluster cluster = harness.cluster();
    cluster.appBehindIngress("chat", "10.0.0.11", Map.of(HTTP_VERSION, "1.0"));
    cluster.policy("audit", Mode.Observe, 3, null);

    harness.sendOverHttp(
        WsSpans.fromPod(NS, "chat-0").http("1.0").upgradedThenClosed(3, Duration.ofMillis(4)));

    Finding f = cluster.awaitFinding("audit", "chat", FindingState.Open);
    assertThat(f.getSampleTraceIds()).hasSize(3);
    assertThat(f.getSampleTraceLinks())
        .containsExactlyElementsOf(
            f.getSampleTraceIds().stream().map(id -> JAEGER + "/trace/" + id).toList());
    String newest = f.getSampleTraceLinks().get(0);
    Waits.eventually(
        () -> {
          assertThat(cluster.events("chat"))
              .singleElement()
              .satisfies(
                  e ->
                      assertThat(e.getMessage())
                          .isEqualTo(f.getExplanation() + " Trace: " + newest));
          assertThat(cluster.events("audit"))
              .singleElement()
              .satisfies(e -> assertThat(e.getMessage()).endsWith(" Trace: " + newest));
        });
  }
}
