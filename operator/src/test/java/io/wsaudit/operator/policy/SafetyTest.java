package io.wsaudit.operator.policy;

import static io.wsaudit.operator.testing.Cluster.HTTP_VERSION;
import static io.wsaudit.operator.testing.Cluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.Remediation;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the operator must never do, and the limits on what it may do: scope, rate limit, rollback.
 */
@Timeout(60)
class SafetyTest {

  static final Duration WAIT = Duration.ofSeconds(15);

  /**
   * n HTTP/1.0 upgrades to app {@code app} (pod app-0, host app.example.com), each closed after 3
   * ms.
   */
  static void sendFailures(OtlpSender sender, String app, int n) {
    assertThat(
            sender.send(
                WsSpans.fromPod(NS, app + "-0")
                    .host(app + ".example.com")
                    .http("1.0")
                    .upgradedThenClosed(n, Duration.ofMillis(3))))
        .isTrue();
  }

  @Nested
  class Scope {
    @RegisterExtension
    final OperatorHarness harness = OperatorHarness.withConfig(OperatorHarness::noPatchInterval);

    @Test
    void ingressesOfAnotherClassOrOutsideTheSelectorAreNeverTouched() {
      Cluster cluster = harness.cluster();
      Map<String, String> http10 = Map.of(HTTP_VERSION, "1.0");
      cluster.app("legacy", "10.0.1.1");
      cluster.app("internal", "10.0.1.2");
      cluster.app("chat", "10.0.1.3");
      cluster.ingress(
          "legacy", "traefik", "legacy.example.com", "legacy", http10, Map.of("tier", "public"));
      cluster.ingress(
          "internal",
          "nginx",
          "internal.example.com",
          "internal",
          http10,
          Map.of("tier", "internal"));
      cluster.ingress(
          "chat", "nginx", "chat.example.com", "chat", http10, Map.of("tier", "public"));
      cluster.policy("public-only", Mode.Enforce, 3, Map.of("tier", "public"));

      try (OtlpSender http = harness.http()) {
        sendFailures(http, "legacy", 3);
        sendFailures(http, "internal", 3);
        sendFailures(http, "chat", 3);
      }

      // The control: the one Ingress in scope is patched...
      cluster.awaitAnnotation("chat", HTTP_VERSION, "1.1");
      // ...and the others stay exactly as their owners wrote them, through several more reconciles.
      Waits.throughReconciles(
          () -> {
            assertThat(cluster.annotations("legacy")).isEqualTo(http10);
            assertThat(cluster.annotations("internal")).isEqualTo(http10);
          });
      WebSocketAuditPolicyStatus s = cluster.status("public-only");
      assertThat(s.getFindings()).extracting(f -> f.getIngress()).containsExactly("chat");
      assertThat(s.getRemediations()).extracting(Remediation::getIngress).containsExactly("chat");
      assertThat(cluster.events("legacy")).isEmpty();
      assertThat(cluster.events("internal")).isEmpty();
      // The traefik Ingress's spans found no ingress-nginx route at all; the internal one's did,
      // but it is out of
      // the policy's selector.
      assertThat(Metrics.counter(List.of(harness.operator()), "wsaudit_observations_uncorrelated"))
          .isEqualTo(6.0);
    }
  }

  @Nested
  class RateLimit {
    static final Duration INTERVAL = Duration.ofSeconds(2);

    @RegisterExtension
    final OperatorHarness harness =
        OperatorHarness.withConfig(
            c -> c.withTiming(INTERVAL, Duration.ofMillis(500), Duration.ofMillis(200)));

    @Test
    void atMostOnePatchPerControllerPerInterval() {
      Cluster cluster = harness.cluster();
      Map<String, String> http10 = Map.of(HTTP_VERSION, "1.0");
      cluster.appBehindIngress("chat", "10.0.2.1", http10);
      cluster.appBehindIngress("feed", "10.0.2.2", http10);
      cluster.policy("audit", Mode.Enforce, 3, null);

      try (OtlpSender http = harness.http()) {
        sendFailures(http, "chat", 3);
        sendFailures(http, "feed", 3);
      }

      // One of the two is patched, the other waits with an Open finding and a RateLimited
      // condition.
      Waits.eventually(
          () -> {
            WebSocketAuditPolicyStatus s = cluster.status("audit");
            assertThat(s.getRemediations()).hasSize(1);
            assertThat(s.getFindings())
                .extracting(f -> f.getState())
                .containsExactlyInAnyOrder(FindingState.Remediated, FindingState.Open);
            assertThat(s.getOpenFindings()).isEqualTo(1);
            assertThat(s.getConditions())
                .filteredOn(c -> c.getType().equals("RateLimited"))
                .singleElement()
                .extracting(Condition::getStatus)
                .isEqualTo("True");
          });
      Instant first = Instant.parse(cluster.status("audit").getRemediations().get(0).getTime());

      // When the controller's slot frees up, the second one follows.
      Waits.eventually(() -> assertThat(cluster.status("audit").getRemediations()).hasSize(2));
      Instant second = Instant.parse(cluster.status("audit").getRemediations().get(1).getTime());
      assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(INTERVAL);
      assertThat(cluster.annotations("chat")).containsEntry(HTTP_VERSION, "1.1");
      assertThat(cluster.annotations("feed")).containsEntry(HTTP_VERSION, "1.1");
      Waits.eventually(
          () ->
              assertThat(cluster.status("audit").getConditions())
                  .filteredOn(c -> c.getType().equals("RateLimited"))
                  .singleElement()
                  .extracting(Condition::getStatus)
                  .isEqualTo("False"));
    }
  }

  @Nested
  class Rollback {
    @RegisterExtension
    final OperatorHarness harness = OperatorHarness.withConfig(OperatorHarness::noPatchInterval);

    @Test
    void deletingThePolicyRestoresWhatItChanged_unlessAPersonChangedItSince() {
      Cluster cluster = harness.cluster();
      cluster.controllerConfigMap(Map.of("proxy-http-version", "1.0"));
      cluster.appBehindIngress("chat", "10.0.3.1", Map.of(HTTP_VERSION, "1.0"));
      cluster.appBehindIngress("feed", "10.0.3.2", Map.of(HTTP_VERSION, "1.0"));
      cluster.appBehindIngress("news", "10.0.3.3", Map.of());
      cluster.policy("audit", Mode.Enforce, 3, null);
      try (OtlpSender grpc = harness.grpc()) {
        sendFailures(grpc, "chat", 3);
        sendFailures(grpc, "feed", 3);
        sendFailures(grpc, "news", 3);
      }
      Waits.eventually(() -> assertThat(cluster.status("audit").getRemediations()).hasSize(3));
      assertThat(cluster.annotations("news")).containsEntry(HTTP_VERSION, "1.1");

      // A person takes over feed's setting after wsaudit changed it.
      cluster.editMetadata("feed", m -> m.getAnnotations().put(HTTP_VERSION, "1.0"));

      cluster.deletePolicy("audit");

      assertThat(cluster.annotations("chat")).containsEntry(HTTP_VERSION, "1.0");
      assertThat(cluster.annotations("chat").get("wsaudit.io/remediated-proxy-http-version"))
          .isNull();
      // Previously absent: the rollback deletes it (the mock keeps the key with a null value, see
      // RFC 7386 note in
      // ObserveAndEnforceTest).
      assertThat(cluster.annotations("news").get(HTTP_VERSION)).isNull();
      assertThat(cluster.annotations("news").get("wsaudit.io/remediated-proxy-http-version"))
          .isNull();
      assertThat(cluster.annotations("feed")).containsEntry(HTTP_VERSION, "1.0");
      assertThat(cluster.annotations("feed").get("wsaudit.io/remediated-proxy-http-version"))
          .isNull();

      assertThat(cluster.events("chat")).extracting(Event::getReason).contains("RolledBack");
      assertThat(cluster.events("news")).extracting(Event::getReason).contains("RolledBack");
      assertThat(cluster.events("feed"))
          .filteredOn(e -> e.getReason().equals("RollbackSkipped"))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getMessage()).contains("changed after wsaudit set it");
              });
      assertThat(cluster.controllerConfigMapData())
          .containsExactly(Map.entry("proxy-http-version", "1.0"));
    }
  }

  @Nested
  class WatchNamespaces {
    @RegisterExtension
    final OperatorHarness harness =
        OperatorHarness.withConfig(c -> c.withWatchNamespaces(java.util.Set.of(NS)));

    @Test
    void policiesAndIngressesOutsideTheWatchedNamespacesAreIgnored() {
      var client = harness.client();
      var elsewhere = new WebSocketAuditPolicy();
      elsewhere.getMetadata().setName("audit");
      elsewhere.getMetadata().setNamespace("blog");
      client.resources(WebSocketAuditPolicy.class).inNamespace("blog").resource(elsewhere).create();
      client
          .network()
          .v1()
          .ingresses()
          .inNamespace("blog")
          .resource(
              new io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder()
                  .withNewMetadata()
                  .withName("blog")
                  .withNamespace("blog")
                  .endMetadata()
                  .withNewSpec()
                  .withIngressClassName("nginx")
                  .endSpec()
                  .build())
          .create();
      harness.cluster().policy("audit", Mode.Observe, 3, null);

      await().atMost(WAIT).until(() -> harness.cluster().status("audit") != null);
      Waits.throughReconciles(
          () ->
              assertThat(
                      client
                          .resources(WebSocketAuditPolicy.class)
                          .inNamespace("blog")
                          .withName("audit")
                          .get()
                          .getStatus())
                  .isNull());
      assertThat(harness.operator().clusterIndex().ingress("blog", "blog")).isNull();
    }
  }
}
