package io.wsaudit.operator.policy;

import static io.wsaudit.operator.testing.Cluster.HTTP_VERSION;
import static io.wsaudit.operator.testing.Cluster.NS;
import static io.wsaudit.operator.testing.Cluster.PREFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.Remediation;
import io.wsaudit.operator.api.v1alpha1.RemediationState;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.operator.testing.Cluster;
import io.wsaudit.operator.testing.Metrics;
import io.wsaudit.operator.testing.OperatorHarness;
import io.wsaudit.operator.testing.OtlpSender;
import io.wsaudit.operator.testing.Waits;
import io.wsaudit.operator.testing.WsSpans;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The UpstreamHttp10 path end to end: spans over real OTLP → correlation → finding → (Enforce)
 * patch → verification, with the status and Events a person would read.
 */
@Timeout(60)
class ObserveAndEnforceTest {

  static final Duration WAIT = Duration.ofSeconds(15);
  static final Duration SHORT = Duration.ofMillis(300);

  @RegisterExtension final OperatorHarness harness = OperatorHarness.withConfig(c -> c);

  private Cluster cluster() {
    return harness.cluster();
  }

  @Test
  void observeReportsAFindingWithEvidenceAndEventsButNeverPatches() {
    cluster().appBehindIngress("chat", "10.0.0.11", Map.of(HTTP_VERSION, "1.0"));
    cluster().policy("audit", Mode.Observe, 3, null);

    harness.sendOverHttp(
        WsSpans.fromPod(NS, "chat-0").http("1.0").upgradedThenClosed(3, Duration.ofMillis(4)));

    Finding f = awaitFinding("audit", "chat", FindingState.Open);
    assertThat(f.getRule()).isEqualTo("UpstreamHttp10");
    assertThat(f.getConnections()).isEqualTo(3);
    assertThat(f.getSampleTraceIds()).hasSize(3).allSatisfy(id -> assertThat(id).hasSize(32));
    assertThat(f.getFirstSeen()).isNotNull();
    assertThat(f.getLastSeen()).isNotNull();
    assertThat(f.getExplanation())
        .contains(
            "Ingress chat",
            "HTTP/1.0",
            "annotation proxy-http-version: \"1.0\"",
            "set the annotation proxy-http-version: \"1.1\"");
    WebSocketAuditPolicyStatus s = cluster().status("audit");
    assertThat(s.getOpenFindings()).isEqualTo(1);
    assertThat(s.getRemediationCount()).isZero();
    assertThat(s.getRemediations()).isEmpty();
    assertThat(s.getObservedGeneration()).isEqualTo(1L);
    assertThat(s.getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("True");
            });

    assertThat(cluster().annotations("chat"))
        .containsEntry(HTTP_VERSION, "1.0")
        .doesNotContainKey("wsaudit.io/remediated-proxy-http-version");
    Waits.eventually(
        () ->
            assertThat(cluster().events("chat"))
                .singleElement()
                .satisfies(
                    e -> {
                      assertThat(e.getReason()).isEqualTo("UpstreamHttp10");
                      assertThat(e.getType()).isEqualTo("Warning");
                      assertThat(e.getMessage()).isEqualTo(f.getExplanation());
                      assertThat(e.getInvolvedObject().getKind()).isEqualTo("Ingress");
                      assertThat(e.getSource().getComponent()).isEqualTo("wsaudit-operator");
                    }));
    assertThat(cluster().events("audit"))
        .singleElement()
        .satisfies(
            e -> assertThat(e.getInvolvedObject().getKind()).isEqualTo("WebSocketAuditPolicy"));
  }

  @Test
  void enforcePatchesTheIngress_overGrpc_correlatedByPodIp_thenResolves() {
    cluster().appBehindIngress("chat", "10.0.0.12", Map.of(HTTP_VERSION, "1.0", "owner", "team-a"));
    cluster().policy("audit", Mode.Enforce, 3, null);

    harness.sendOverGrpc(
        WsSpans.fromAddress("10.0.0.12").http("1.0").upgradedThenClosed(3, Duration.ofMillis(2)));

    cluster().awaitAnnotation("chat", HTTP_VERSION, "1.1");
    Map<String, String> a = cluster().annotations("chat");
    assertThat(a)
        .containsEntry("owner", "team-a")
        .containsKey("wsaudit.io/remediated-proxy-http-version");
    assertThat(a.get("wsaudit.io/remediated-proxy-http-version"))
        .contains("\"previous\":\"1.0\"", "\"applied\":\"1.1\"", "\"policy\":\"audit\"");

    Finding f = awaitFinding("audit", "chat", FindingState.Remediated);
    assertThat(f.getConnections()).isEqualTo(3);
    Remediation r = cluster().status("audit").getRemediations().get(0);
    assertThat(r.getIngress()).isEqualTo("chat");
    assertThat(r.getAnnotation()).isEqualTo(HTTP_VERSION);
    assertThat(r.getPreviousValue()).isEqualTo("1.0");
    assertThat(r.getPreviousAbsent()).isFalse();
    assertThat(r.getNewValue()).isEqualTo("1.1");
    assertThat(r.getState()).isEqualTo(RemediationState.Applied);
    assertThat(Instant.parse(r.getTime())).isBeforeOrEqualTo(Instant.now());
    assertThat(cluster().status("audit").getRemediationCount()).isEqualTo(1);
    Waits.eventually(
        () ->
            assertThat(cluster().events("chat"))
                .extracting(Event::getReason)
                .contains("Remediated"));
    assertThat(cluster().events("audit")).extracting(Event::getReason).contains("Remediated");

    // New upgrades now arrive over HTTP/1.1 and stay open.
    harness.sendOverGrpc(
        WsSpans.fromAddress("10.0.0.12").http("1.1").upgradedThenClosed(3, Duration.ofSeconds(90)));
    Finding resolved = awaitFinding("audit", "chat", FindingState.Resolved);
    assertThat(resolved.getExplanation()).contains("stayed open");
    Waits.eventually(
        () ->
            assertThat(cluster().events("chat")).extracting(Event::getReason).contains("Resolved"));
    assertThat(cluster().status("audit").getRemediations()).hasSize(1);
    assertThat(scrape())
        .contains(
            "wsaudit_patches_total{rule=\"UpstreamHttp10\"} 1.0",
            "wsaudit_findings{rule=\"UpstreamHttp10\",state=\"Resolved\"} 1.0",
            "wsaudit_findings{rule=\"UpstreamHttp10\",state=\"Open\"} 0.0");
  }

  @Test
  void noFindingBelowMinConnections_thenOneMoreCrossesTheThreshold() {
    cluster().appBehindIngress("chat", "10.0.0.13", Map.of(HTTP_VERSION, "1.0"));
    cluster().policy("audit", Mode.Enforce, 3, null);

    try (OtlpSender http = harness.http()) {
      assertThat(http.send(WsSpans.fromPod(NS, "chat-0").http("1.0").rejected(2, "http_version")))
          .isTrue();
      await().atMost(WAIT).until(() -> cluster().status("audit") != null);
      // Two failures stay below the threshold through several reconciles.
      Waits.throughReconciles(() -> assertThat(cluster().status("audit").getFindings()).isEmpty());
      assertThat(cluster().annotations("chat")).containsEntry(HTTP_VERSION, "1.0");

      assertThat(http.send(WsSpans.fromPod(NS, "chat-0").http("1.0").rejected(1, "http_version")))
          .isTrue();
    }
    Finding f = awaitFinding("audit", "chat", FindingState.Remediated);
    assertThat(f.getConnections()).isEqualTo(3);
  }

  @Test
  void configMapLevel10_isFixedWithAnIngressAnnotation_andTheConfigMapIsLeftAlone() {
    cluster().controllerConfigMap(Map.of("proxy-http-version", "1.0"));
    cluster().appBehindIngress("chat", "10.0.0.14", Map.of());
    cluster().policy("audit", Mode.Enforce, 3, null);

    harness.sendOverHttp(
        WsSpans.fromPod(NS, "chat-0").http("1.0").upgradedThenClosed(3, Duration.ofMillis(1)));
    Finding f = awaitFinding("audit", "chat", FindingState.Remediated);
    assertThat(f.getExplanation())
        .contains(
            "controller ConfigMap ingress-nginx/ingress-nginx-controller", "fix the ConfigMap");
    assertThat(cluster().annotations("chat")).containsEntry(HTTP_VERSION, "1.1");
    Remediation r = cluster().status("audit").getRemediations().get(0);
    assertThat(r.getPreviousAbsent()).isTrue();
    assertThat(r.getPreviousValue()).isNull();
    assertThat(cluster().controllerConfigMapData())
        .containsExactly(Map.entry("proxy-http-version", "1.0"));
  }

  @Test
  void already11_meansAnotherProxy_NotRemediable_andNoPatch() {
    cluster().appBehindIngress("chat", "10.0.0.15", Map.of());
    cluster().policy("audit", Mode.Enforce, 3, null);

    harness.sendOverHttp(
        WsSpans.fromPod(NS, "chat-0").http("1.0").upgradedThenClosed(4, Duration.ofMillis(1)));
    Finding f = awaitFinding("audit", "chat", FindingState.NotRemediable);
    assertThat(f.getConnections()).isEqualTo(4);
    assertThat(f.getExplanation()).contains("another proxy", "HTTP/1.1");
    assertThat(cluster().annotations("chat")).isEmpty();
    assertThat(cluster().status("audit").getRemediations()).isEmpty();
    assertThat(cluster().status("audit").getOpenFindings()).isZero();
    Waits.eventually(
        () ->
            assertThat(cluster().events("chat"))
                .singleElement()
                .satisfies(e -> assertThat(e.getMessage()).contains("another proxy")));
  }

  @Test
  void patchesThatDoNotHelpBecomeIneffective_andAreNotRepeated() {
    cluster().appBehindIngress("chat", "10.0.0.16", Map.of(HTTP_VERSION, "1.0"));
    cluster().policy("audit", Mode.Enforce, 3, null);
    try (OtlpSender http = harness.http()) {
      assertThat(http.send(WsSpans.fromPod(NS, "chat-0").http("1.0").rejected(3, "http_version")))
          .isTrue();
      awaitFinding("audit", "chat", FindingState.Remediated);
      Instant graceEnd =
          Instant.parse(cluster().status("audit").getRemediations().get(0).getTime())
              .plus(harness.operator().config().gracePeriod());
      await().atMost(WAIT).until(() -> Instant.now().isAfter(graceEnd));

      // Still HTTP/1.0 after the patch: something else downgrades.
      assertThat(http.send(WsSpans.fromPod(NS, "chat-0").http("1.0").rejected(3, "http_version")))
          .isTrue();
    }
    Finding f = awaitFinding("audit", "chat", FindingState.Ineffective);
    assertThat(f.getExplanation()).contains("still failed", "will not patch again");
    Waits.eventually(
        () ->
            assertThat(cluster().events("chat"))
                .extracting(Event::getReason)
                .contains("RemediationIneffective"));
    Waits.throughReconciles(
        () -> assertThat(cluster().status("audit").getRemediations()).hasSize(1));
  }

  @Test
  void connectionHeaderOverrideIsRemoved() {
    cluster()
        .appBehindIngress(
            "chat", "10.0.0.17", Map.of(PREFIX + "connection-proxy-header", "keep-alive"));
    cluster().policy("audit", Mode.Enforce, 3, null);

    harness.sendOverHttp(
        WsSpans.fromPod(NS, "chat-0")
            .connectionHeader("keep-alive")
            .rejected(3, "missing_connection_upgrade"));
    Finding f = awaitFinding("audit", "chat", FindingState.Remediated);
    assertThat(f.getRule()).isEqualTo("ConnectionHeaderOverride");
    assertThat(f.getExplanation())
        .contains("connection-proxy-header: \"keep-alive\"", "remove that annotation");
    // The patch sets the key to null (RFC 7386: delete). A real API server drops the key; the
    // Fabric8 mock keeps it
    // with a null value. Either way the annotation no longer has a value.
    assertThat(cluster().annotations("chat").get(PREFIX + "connection-proxy-header")).isNull();
    Remediation r = cluster().status("audit").getRemediations().get(0);
    assertThat(r.getPreviousValue()).isEqualTo("keep-alive");
    assertThat(r.getNewValue()).isNull();
  }

  @Test
  void enforceOnlyPatchesForTheRulesItAllows() {
    cluster().appBehindIngress("chat", "10.0.0.18", Map.of(HTTP_VERSION, "1.0"));
    var policy = new io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy();
    policy.getMetadata().setName("audit");
    policy.getMetadata().setNamespace(NS);
    policy.getSpec().setMode(Mode.Enforce);
    policy.getSpec().setPatchRules(List.of("ConnectionHeaderOverride"));
    harness
        .client()
        .resources(io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy.class)
        .inNamespace(NS)
        .resource(policy)
        .create();

    harness.sendOverHttp(WsSpans.fromPod(NS, "chat-0").http("1.0").rejected(3, "http_version"));
    awaitFinding("audit", "chat", FindingState.Open);
    Waits.throughReconciles(
        () -> {
          assertThat(cluster().annotations("chat")).containsEntry(HTTP_VERSION, "1.0");
          assertThat(cluster().status("audit").getRemediations()).isEmpty();
        });
  }

  private Finding awaitFinding(String policy, String ingress, FindingState state) {
    return cluster().awaitFinding(policy, ingress, state);
  }

  private String scrape() {
    return Metrics.text(harness.operator());
  }
}
