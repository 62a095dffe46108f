package io.wsaudit.helm;

import static io.wsaudit.helm.RbacCoversOperatorRequestsTest.NS;
import static io.wsaudit.helm.RbacCoversOperatorRequestsTest.OPERATOR_TOKEN;
import static io.wsaudit.helm.RbacCoversOperatorRequestsTest.POLICY;
import static io.wsaudit.helm.RbacCoversOperatorRequestsTest.policies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.wsaudit.operator.WsAuditOperator;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.config.OperatorConfig;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.ProxyKind;
import io.wsaudit.operator.remediation.AnnotationPatcher;
import io.wsaudit.testkit.kube.Backend;
import io.wsaudit.testkit.kube.IngressDraft;
import io.wsaudit.testkit.kube.KubeFixtures;
import io.wsaudit.testkit.kube.MockApiServer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's RBAC is exactly the operator's API requests for each proxy other than ingress-nginx
 * ({@code controller.proxy} traefik, f5-nginx, haproxy with that proxy's own defaults), recorded as
 * {@link RbacCoversOperatorRequestsTest} records them: the real operator against the mock API
 * server, its requests told apart by its token. Each run sends agent spans (a TokenReview, a
 * finding, its Events), and twice marks the Ingress as remediated under the proxy's own key,
 * creates a policy enabling that proxy and deletes it, so the rollback reads and patches the
 * Ingress and the second RolledBack Event patches the first. HAProxy alone reads Services (their
 * {@code timeout-server}); Traefik alone reads no ConfigMap.
 */
class ProxyRbacCoversOperatorRequestsTest {

  static Stream<Arguments> proxies() {
    return Stream.of(
        Arguments.of(ProxyKind.HAPROXY, "timeout-server", "3s", "IdleTimeout"),
        Arguments.of(ProxyKind.F5_NGINX, "websocket-services", "feed", "ConnectionHeaderOverride"),
        Arguments.of(ProxyKind.TRAEFIK, "proxy-read-timeout", "60", "IdleTimeout"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("proxies")
  void rbacIsExactlyTheRequestsOfEachProxy(
      ProxyKind kind, String setting, String previous, String rule) throws Exception {
    ControllerSettings d = ControllerSettings.defaults(kind);
    List<HasMetadata> manifests =
        Chart.render(
            Map.of(
                "controller",
                Map.of(
                    "proxy", kind.id(),
                    "namespace", d.namespace(),
                    "configMap", d.configMap(),
                    "annotationPrefix", d.annotationPrefix(),
                    "controllerClass", d.controllerClass())));
    Rbac rbac = Rbac.of(manifests, Chart.RELEASE, Chart.NAMESPACE);
    OperatorConfig config =
        RbacCoversOperatorRequestsTest.configFromDeployment(
            RenderedManifestsTest.env(RenderedManifestsTest.deployment(manifests)));
    assertThat(config.controller()).isEqualTo(d);

    List<ApiRequest> requests = record(config, rbac, new Remediated(setting, previous, rule));
    System.out.println(
        "[" + kind + "] operator requests: " + requests.stream().distinct().toList());

    RbacCoversOperatorRequestsTest.assertChartEqualsCalls(rbac, requests);
    assertThat(rbac.on("", "services")).hasSize(kind == ProxyKind.HAPROXY ? 1 : 0);
    assertThat(rbac.on("", "configmaps")).hasSize(kind == ProxyKind.TRAEFIK ? 0 : 1);
  }

  /** The change a remediation of {@code rule} left on the Ingress: {@code previous} replaced. */
  private record Remediated(String setting, String previous, String rule) {}

  private static List<ApiRequest> record(OperatorConfig config, Rbac rbac, Remediated change)
      throws Exception {
    ControllerSettings controller = config.controller();
    try (MockApiServer api = RbacCoversOperatorRequestsTest.mockServer(rbac);
        KubernetesClient operatorClient = api.newClient(OPERATOR_TOKEN, Chart.NAMESPACE)) {
      KubernetesClient setup = api.client();
      scene(api, controller, change);
      try (WsAuditOperator operator = new WsAuditOperator(config, operatorClient).start()) {
        await().atMost(Duration.ofSeconds(20)).until(operator::ready);
        for (int round = 1; round <= 2; round++) {
          markRemediated(setup, controller, change);
          createPolicy(setup, controller.proxy());
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> RbacCoversOperatorRequestsTest.hasFinalizerAndStatus(setup));
          if (round == 1) {
            AgentSpans.sendEarlyClosesOverHttp10(
                operator.otlpHttpPort(), NS, "chat-0", "chat.example.com", 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> hasFinding(setup));
          }
          RbacCoversOperatorRequestsTest.deletePolicyAndAwaitRollback(setup, round);
        }
        assertThat(KubeFixtures.annotations(setup, NS, "chat"))
            .containsEntry(controller.annotation(change.setting()), change.previous());
      }
      List<ApiRequest> requests =
          RbacCoversOperatorRequestsTest.operatorRequests(api).stream()
              .map(r -> ApiRequest.parse(r.getMethod(), r.getPath()))
              .toList();
      assertThat(requests).as("recorded operator requests").isNotEmpty();
      return requests;
    }
  }

  private static boolean hasFinding(KubernetesClient c) {
    WebSocketAuditPolicy p = policies(c).withName(POLICY).get();
    return p != null
        && p.getStatus() != null
        && p.getStatus().getFindings() != null
        && !p.getStatus().getFindings().isEmpty();
  }

  private static void scene(MockApiServer api, ControllerSettings controller, Remediated change)
      throws Exception {
    api.withCrd(
        Files.newInputStream(
            Chart.root().resolve("crds/websocketauditpolicies.wsaudit.io-v1.yml")));
    KubernetesClient c = api.client();
    KubeFixtures.ingressClass(c, "audited", controller.controllerClass());
    if (!controller.configMap().isBlank()) {
      KubeFixtures.configMap(c, controller.namespace(), controller.configMap(), Map.of());
    }
    KubeFixtures.backend(c, Backend.of(NS, "chat", "10.0.0.7"));
    IngressDraft.of(NS, "chat")
        .className("audited")
        .host("chat.example.com")
        .service("chat")
        .annotations(Map.of(controller.annotation(change.setting()), change.previous()))
        .create(c);
  }

  /** The Ingress as a remediation leaves it: a new value and the record of the previous one. */
  private static void markRemediated(
      KubernetesClient c, ControllerSettings controller, Remediated change) {
    String record =
        "{\"previous\":\""
            + change.previous()
            + "\",\"applied\":\"changed\",\"policy\":\""
            + POLICY
            + "\",\"rule\":\""
            + change.rule()
            + "\",\"time\":\""
            + Instant.now()
            + "\"}";
    KubeFixtures.annotate(
        c,
        NS,
        "chat",
        Map.of(
            controller.annotation(change.setting()),
            "changed",
            AnnotationPatcher.bookkeepingKey(change.setting()),
            record));
  }

  private static void createPolicy(KubernetesClient c, ProxyKind proxy) {
    WebSocketAuditPolicy p = new WebSocketAuditPolicy();
    p.getMetadata().setName(POLICY);
    p.getMetadata().setNamespace(NS);
    p.getSpec().setMode(Mode.Enforce);
    p.getSpec().setProxies(List.of(proxy.id()));
    policies(c).resource(p).create();
  }
}
