package io.wsaudit.operator.policy;

import static io.wsaudit.operator.testing.Cluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Remediation;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.ProxyKind;
import io.wsaudit.operator.testing.OperatorHarness;
import io.wsaudit.operator.testing.OtlpSender;
import io.wsaudit.testkit.kube.KubeFixtures;
import java.time.Duration;
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
      assertThat(http.send(ChatIdleSpans.cutAfterTenSeconds())).isTrue();
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
      assertThat(http.send(ChatIdleSpans.outliveTheOldTimer())).isTrue();
    }
    harness.cluster().awaitFinding("audit", "chat", FindingState.Resolved);
    harness.cluster().deletePolicy("audit");
    harness.cluster().awaitRestored("chat", TS, "10s");
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
      assertThat(http.send(ChatIdleSpans.cutAfterTenSeconds())).isTrue();
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
      assertThat(http.send(ChatIdleSpans.cutAfterTenSeconds())).isTrue();
    }
    Finding f = harness.cluster().awaitFinding("audit", "chat", FindingState.Open);
    assertThat(f.getExplanation()).contains("spec.proxies does not include haproxy");
    assertThat(harness.cluster().status("audit").getRemediations()).isEmpty();
    assertThat(harness.cluster().annotations("chat"))
        .containsEntry(TS, "10s")
        .doesNotContainKey(RECORD);
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
