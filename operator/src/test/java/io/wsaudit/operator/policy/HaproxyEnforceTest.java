package io.wsaudit.operator.policy;

import static io.wsaudit.operator.testing.Cluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Remediation;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.ProxyKind;
import io.wsaudit.operator.testing.OperatorHarness;
import io.wsaudit.operator.testing.OtlpSender;
import io.wsaudit.operator.testing.WsSpans;
import io.wsaudit.testkit.kube.KubeFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operator auditing the HAProxy Kubernetes Ingress controller against the mock API server: quiet
 * WebSockets cut at the Ingress's {@code haproxy.org/timeout-server} (tunnel timer off) → the
 * annotation raised through the shared patcher and bookkeeping → verified → rolled back on
 * deletion. A Service annotation that shadows the Ingress's (read from the Services informer) is
 * reported with its Service and key; a policy that does not enable {@code haproxy} writes nothing.
 */
@Timeout(60)
class HaproxyEnforceTest {

  static final Duration WAIT = Duration.ofSeconds(15);
  static final String TS = "haproxy.org/timeout-server";
  static final String RECORD = "wsaudit.io/remediated-timeout-server";
  static final ControllerSettings HAPROXY = ControllerSettings.defaults(ProxyKind.HAPROXY);

  @RegisterExtension
  final OperatorHarness harness = OperatorHarness.withConfig(c -> c.withController(HAPROXY));

  @Test
  void raisesTimeoutServerVerifiesAndRollsBack() {
    chatBehindHaproxy(Map.of(TS, "10s"));
    policy(List.of("haproxy"));
    try (OtlpSender http = harness.http()) {
      assertThat(http.send(quietCuts(Duration.ofMillis(10_200)))).isTrue();
      harness.cluster().awaitAnnotation("chat", TS, "1h");
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                var status = harness.cluster().status("audit");
                assertThat(status.getRemediations())
                    .singleElement()
                    .extracting(Remediation::getAnnotation, Remediation::getPreviousValue)
                    .containsExactly(TS, "10s");
                assertThat(status.getFindings().get(0).getExplanation())
                    .contains("timeout server (10 s, its annotation " + TS + ")", "HAProxy");
              });
      assertThat(harness.cluster().annotations("chat")).containsKey(RECORD);
      // Since the patch: quiet for 13 s, longer than the old 10 s, and closed by the client.
      assertThat(
              http.send(
                  WsSpans.fromPod(NS, "chat-0")
                      .at(Instant.now())
                      .closed(
                          WsAuditSpans.Initiator.CLIENT,
                          WsAuditSpans.Cause.CLIENT,
                          1000,
                          Duration.ofSeconds(13))
                      .upgradedThenClosed(3, Duration.ofSeconds(14))))
          .isTrue();
    }
    harness.cluster().awaitFinding("audit", "chat", FindingState.Resolved);
    harness.cluster().deletePolicy("audit");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Map<String, String> a = harness.cluster().annotations("chat");
              assertThat(a).containsEntry(TS, "10s");
              assertThat(a.get(RECORD)).isNull();
            });
  }

  @Test
  void aServiceAnnotationThatWinsIsReportedWithItsServiceAndKey() {
    chatBehindHaproxy(Map.of(TS, "1h"));
    harness
        .client()
        .services()
        .inNamespace(NS)
        .withName("chat")
        .edit(
            s ->
                new ServiceBuilder(s)
                    .editMetadata()
                    .addToAnnotations(TS, "10s")
                    .endMetadata()
                    .build());
    policy(List.of("haproxy"));
    try (OtlpSender http = harness.http()) {
      assertThat(http.send(quietCuts(Duration.ofMillis(10_200)))).isTrue();
    }
    Finding f = harness.cluster().awaitFinding("audit", "chat", FindingState.NotRemediable);
    assertThat(f.getExplanation())
        .contains("Set " + TS + " to \"1h\" on Service shop/chat (now \"10s\")");
    assertThat(harness.cluster().status("audit").getRemediations()).isEmpty();
    assertThat(harness.cluster().annotations("chat"))
        .containsEntry(TS, "1h")
        .doesNotContainKey(RECORD);
  }

  @Test
  void aPolicyThatDoesNotEnableHaproxyReportsAndWritesNothing() {
    chatBehindHaproxy(Map.of(TS, "10s"));
    policy(null);
    try (OtlpSender http = harness.http()) {
      assertThat(http.send(quietCuts(Duration.ofMillis(10_200)))).isTrue();
    }
    Finding f = harness.cluster().awaitFinding("audit", "chat", FindingState.Open);
    assertThat(f.getExplanation()).contains("spec.proxies does not include haproxy");
    assertThat(harness.cluster().status("audit").getRemediations()).isEmpty();
    assertThat(harness.cluster().annotations("chat"))
        .containsEntry(TS, "10s")
        .doesNotContainKey(RECORD);
  }

  /** Three connections dropped by HAProxy (1006, eof) after {@code quiet} of silence. */
  private static List<io.opentelemetry.sdk.trace.data.SpanData> quietCuts(Duration quiet) {
    return WsSpans.fromPod(NS, "chat-0")
        .at(Instant.now().minusSeconds(20))
        .closed(
            WsAuditSpans.Initiator.TRANSPORT,
            WsAuditSpans.Cause.EOF,
            WsAuditSpans.ABNORMAL_CLOSE_CODE,
            quiet)
        .upgradedThenClosed(3, quiet.plusMillis(800));
  }

  /** The tunnel timer off and a long client timer: the backend's timeout server decides. */
  private void chatBehindHaproxy(Map<String, String> annotations) {
    KubeFixtures.configMap(
        harness.client(),
        HAPROXY.namespace(),
        HAPROXY.configMap(),
        Map.of("timeout-tunnel", "0", "timeout-client", "2h"));
    harness.cluster().ingressClass("haproxy", HAPROXY.controllerClass());
    harness.cluster().app("chat", "10.0.9.1");
    harness.cluster().ingress("chat", "haproxy", "chat.example.com", "chat", annotations, Map.of());
  }

  private void policy(List<String> proxies) {
    harness.cluster().enforcing("audit", proxies);
  }
}
