package io.wsaudit.operator.policy;

import static io.wsaudit.operator.testing.Cluster.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Remediation;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.ProxyKind;
import io.wsaudit.operator.testing.OperatorHarness;
import io.wsaudit.operator.testing.WsSpans;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operator auditing F5 NGINX Ingress Controller against the mock API server: upgrades refused
 * because the Service is not in {@code nginx.org/websocket-services} → the Service added under F5's
 * prefix through the same patcher and bookkeeping → rollback on deletion restores the list. A
 * policy that does not enable {@code f5-nginx} writes nothing.
 */
@Timeout(60)
class F5NginxEnforceTest {

  static final Duration WAIT = Duration.ofSeconds(15);
  static final String WS = "nginx.org/websocket-services";

  @RegisterExtension
  final OperatorHarness harness =
      OperatorHarness.withConfig(
          c -> c.withController(ControllerSettings.defaults(ProxyKind.F5_NGINX)));

  @Test
  void addsTheServiceToWebsocketServicesAndRollsBack() {
    chatBehindF5();
    policy(List.of("f5-nginx"));
    harness.sendOverHttp(WsSpans.fromPod(NS, "chat-0").rejected(3, "missing_connection_upgrade"));

    Finding f = harness.cluster().awaitFinding("audit", "chat", FindingState.Remediated);
    assertThat(f.getRule()).isEqualTo("ConnectionHeaderOverride");
    assertThat(f.getExplanation()).contains("F5 NGINX Ingress Controller", WS);
    assertThat(harness.cluster().annotations("chat"))
        .containsEntry(WS, "feed,chat")
        .containsKey("wsaudit.io/remediated-websocket-services");
    Remediation r = harness.cluster().status("audit").getRemediations().get(0);
    assertThat(r.getAnnotation()).isEqualTo(WS);
    assertThat(r.getPreviousValue()).isEqualTo("feed");

    harness.cluster().deletePolicy("audit");
    harness.cluster().awaitRestored("chat", WS, "feed");
  }

  @Test
  void aPolicyThatDoesNotEnableF5ReportsAndWritesNothing() {
    chatBehindF5();
    policy(null);
    harness.sendOverHttp(WsSpans.fromPod(NS, "chat-0").rejected(3, "missing_connection_upgrade"));

    Finding f = harness.cluster().awaitFinding("audit", "chat", FindingState.Open);
    assertThat(f.getExplanation()).contains("spec.proxies does not include f5-nginx");
    assertThat(harness.cluster().status("audit").getRemediations()).isEmpty();
    assertThat(harness.cluster().annotations("chat"))
        .containsEntry(WS, "feed")
        .doesNotContainKey("wsaudit.io/remediated-websocket-services");
  }

  private void chatBehindF5() {
    harness.cluster().ingressClass("nginx-f5", "nginx.org/ingress-controller");
    harness.cluster().app("chat", "10.0.9.1");
    harness
        .cluster()
        .ingress("chat", "nginx-f5", "chat.example.com", "chat", Map.of(WS, "feed"), Map.of());
  }

  private void policy(List<String> proxies) {
    harness.cluster().enforcing("audit", proxies);
  }
}
