package io.wsaudit.operator.policy;

import static io.wsaudit.operator.testing.Cluster.HTTP_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.testing.Cluster;
import io.wsaudit.operator.testing.Metrics;
import io.wsaudit.operator.testing.NginxSpans;
import io.wsaudit.operator.testing.OperatorHarness;
import io.wsaudit.operator.testing.OtlpLogSender;
import io.wsaudit.operator.testing.Waits;
import io.wsaudit.operator.testing.WsSpans;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator on ingress-nginx's own OpenTelemetry spans (scope {@code nginx}), exported over
 * OTLP/gRPC as the nginx module exports them: a backend without the agent diagnosed from the spans
 * alone, idle-shaped connections reported and never patched, a connection the agent and nginx both
 * traced counted once, plain requests dropped and counted.
 */
@Timeout(60)
class NginxSpanEvidenceTest {

  @RegisterExtension final OperatorHarness harness = OperatorHarness.withConfig(c -> c);

  @Test
  void aBackendWithoutTheAgentIsFixedFromNginxsSpansAlone_andPlainRequestsAreDroppedAndCounted() {
    cluster().appBehindIngress("chat", "10.0.5.1", Map.of(HTTP_VERSION, "1.0"));
    cluster().policy("audit", Mode.Enforce, 3, null);
    NginxSpans nginx = NginxSpans.direct().host("chat.example.com:80");
    List<SpanData> spans = new ArrayList<>(nginx.plainRequests(20, 200));
    spans.addAll(nginx.upgrades(3, Duration.ofMillis(3)));
    spans.addAll(nginx.plainRequests(5, 502));
    harness.sendOverGrpc(spans);

    Finding f = cluster().awaitFinding("audit", "chat", FindingState.Remediated);
    cluster().awaitAnnotation("chat", HTTP_VERSION, "1.1");
    assertThat(f.getRule()).isEqualTo("UpstreamHttp10");
    assertThat(f.getConnections()).isEqualTo(3);
    assertThat(f.getEvidence().getProxyLog()).as("folded into the proxy's count").isEqualTo(3);
    assertThat(f.getEvidence().getAgent()).isZero();
    assertThat(f.getSampleTraceIds())
        .containsExactlyInAnyOrderElementsOf(
            nginx.contexts().subList(20, 23).stream().map(SpanContext::getTraceId).toList());
    assertThat(spansCounted("kept")).isEqualTo(3);
    assertThat(spansCounted("not_websocket")).isEqualTo(25);
  }

  @Test
  void connectionsThatLivedAboutTheReadTimeoutAreReportedButNotPatched() {
    cluster().appBehindIngress("chat", "10.0.5.1", Map.of());
    cluster().policy("audit", Mode.Enforce, 3, null);
    harness.sendOverGrpc(NginxSpans.direct().upgrades(3, Duration.ofMillis(60_002)));

    Finding f = cluster().awaitFinding("audit", "chat", FindingState.NotRemediable);
    assertThat(f.getRule()).isEqualTo("IdleTimeout");
    assertThat(f.getExplanation()).contains("near the proxy-read-timeout (60 s)");
    assertThat(cluster().annotations("chat"))
        .doesNotContainKey(Cluster.PREFIX + "proxy-read-timeout");
  }

  @Test
  void aConnectionTheAgentAndNginxBothTracedCountsOnce() {
    cluster().appBehindIngress("chat", "10.0.5.1", Map.of(HTTP_VERSION, "1.0"));
    cluster().policy("audit", Mode.Observe, 3, null);
    NginxSpans nginx = NginxSpans.fromPod("ingress-nginx", "ingress-nginx-controller-0");
    List<SpanData> proxy = nginx.upgrades(3, Duration.ofMillis(3));
    // The agent's handshakes are the children of nginx's spans: it sent their traceparent upstream.
    harness.sendOverHttp(
        WsSpans.fromPod(Cluster.NS, "chat-0")
            .http("1.0")
            .childrenOf(nginx.contexts())
            .upgradedThenClosed(3, Duration.ofMillis(3)));
    harness.sendOverGrpc(proxy);

    cluster()
        .awaitOnlyFinding(
            "audit",
            f -> {
              assertThat(f.getConnections()).isEqualTo(3);
              assertThat(f.getEvidence().getBoth()).isEqualTo(3);
              assertThat(f.getSampleTraceIds()).hasSize(3);
            });
    assertThat(spansCounted("kept")).isEqualTo(3);
  }

  @Test
  void withTheLogAndTheSpansOnEachConnectionCountsOnce_theLogLineWins() {
    cluster().appBehindIngress("chat", "10.0.5.1", Map.of(HTTP_VERSION, "1.0"));
    cluster().policy("audit", Mode.Observe, 3, null);
    NginxSpans nginx = NginxSpans.fromPod("ingress-nginx", "ingress-nginx-controller-0");
    harness.sendOverGrpc(nginx.upgrades(3, Duration.ofMillis(3)));
    harness.awaitIndexed();
    try (OtlpLogSender http = OtlpLogSender.http(harness.operator().otlpHttpPort(), "gzip", null)) {
      assertThat(http.send(ProxyLogEvidenceTest.upgradesClosedAfter("0.003", "l0", "l1", "l2")))
          .isTrue();
    }

    cluster()
        .awaitOnlyFinding(
            "audit",
            f -> {
              assertThat(f.getConnections()).isEqualTo(3);
              assertThat(f.getEvidence().getProxyLog()).isEqualTo(3);
              assertThat(f.getSampleRequestIds())
                  .as("the log line's half is kept")
                  .containsExactlyInAnyOrder("l0", "l1", "l2");
              assertThat(f.getSampleTraceIds())
                  .as("with nginx's trace")
                  .containsExactlyInAnyOrderElementsOf(
                      nginx.contexts().stream().map(SpanContext::getTraceId).toList());
            });
  }

  @Test
  void spansOfAnotherNamespacesNginxAreNotTheControllers() {
    cluster().appBehindIngress("chat", "10.0.5.1", Map.of(HTTP_VERSION, "1.0"));
    cluster().policy("audit", Mode.Observe, 3, null);
    harness.sendOverGrpc(NginxSpans.fromPod("shop", "nginx-0").upgrades(3, Duration.ofMillis(3)));

    Waits.eventually(() -> assertThat(spansCounted("other_pod")).isEqualTo(3));
    assertThat(spansCounted("kept")).isZero();
    assertThat(cluster().status("audit").getFindings()).isNullOrEmpty();
  }

  private Cluster cluster() {
    return harness.cluster();
  }

  private double spansCounted(String result) {
    return Metrics.counter(
        harness.operator().metrics(), "wsaudit_proxy_spans", Map.of("result", result));
  }
}
