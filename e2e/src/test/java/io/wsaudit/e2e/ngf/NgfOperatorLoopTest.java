package io.wsaudit.e2e.ngf;

import static io.wsaudit.e2e.model.ProxyModelController.started;
import static io.wsaudit.e2e.ngf.NgfObjects.CHAT_HOST;
import static io.wsaudit.e2e.ngf.NgfObjects.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.wsaudit.e2e.AgentApps;
import io.wsaudit.e2e.Outcomes;
import io.wsaudit.e2e.stage.Stage;
import io.wsaudit.operator.WsAuditOperator;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.config.OperatorConfig;
import io.wsaudit.operator.proxy.ProxyKind;
import io.wsaudit.testkit.kube.MockApiServer;
import io.wsaudit.testkit.process.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * NGINX Gateway Fabric in the whole loop: a Gateway-level ProxySettingsPolicy {@code read: 3s} cuts
 * silent clients through a real nginx rendered by the NGF model; the operator (run with {@code
 * --proxy ingress-nginx,nginx-gateway-fabric}, a policy in Enforce naming nginx-gateway-fabric)
 * sees the cuts in the agent's spans, creates its own ProxySettingsPolicy on the HTTPRoute, the
 * model reloads nginx, new silent clients live 10 s, and the finding resolves.
 */
class NgfOperatorLoopTest {

  private static final Duration CUT_HOLD = Duration.ofSeconds(6);
  private static final Duration IDLE_HOLD = Duration.ofMillis(10_500);

  @RegisterExtension static final AgentApps apps = AgentApps.undertow("chat").behindNginx();

  @Test
  void theOperatorRaisesTheGatewaysReadTimeoutWithAProxySettingsPolicyOfItsOwn() throws Exception {
    Path dir = Files.createTempDirectory("wsaudit-e2e-ngf-loop");
    try (MockApiServer api = NgfObjects.apiServerWithCrds()) {
      KubernetesClient client = api.client();
      api.withCrd(
          WsAuditOperator.class.getResourceAsStream(
              "/META-INF/fabric8/websocketauditpolicies.wsaudit.io-v1.yml"));
      NgfObjects.chatBehindGatewayRead3s(client, apps.app("chat").port());

      try (WsAuditOperator operator =
              new WsAuditOperator(
                      OperatorConfig.defaults()
                          .withPorts("127.0.0.1", 0, 0, 0)
                          .withGatewayProxies(List.of(ProxyKind.NGINX_GATEWAY_FABRIC))
                          .withTiming(
                              Duration.ofMinutes(10),
                              Duration.ofSeconds(1),
                              Duration.ofMillis(500)),
                      client)
                  .start();
          NgfController ngf = started(new NgfController(client, NS, "gw", dir, Ports.free()))) {
        apps.tap().addTarget("http://127.0.0.1:" + operator.otlpHttpPort());
        policy(client);

        Outcomes.assertCutAtThreeSeconds(
            NgfObjects.connect(ngf, CHAT_HOST, "gateway read 3s", CUT_HOLD, 3));

        Outcomes.awaitReloadAdding(ngf, Duration.ofSeconds(30), "proxy_read_timeout 1h;");
        List<GenericKubernetesResource> all =
            NgfObjects.policies(client).inNamespace(NS).list().getItems();
        assertThat(all)
            .as(all.toString())
            .filteredOn(p -> !p.getMetadata().getName().equals("gw-timeouts"))
            .singleElement();
        assertThat(finding(client)).map(Finding::getState).contains(FindingState.Remediated);
        assertThat(ngf.current().location(CHAT_HOST, "/").orElseThrow().readFrom())
            .isEqualTo("route");

        assertThat(NgfObjects.connect(ngf, CHAT_HOST, "after the operator's policy", IDLE_HOLD, 3))
            .allSatisfy(o -> assertThat(o.survived()).as(o.describe()).isTrue());
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> finding(client).map(Finding::getState).orElse(null) == FindingState.Resolved);
      }
    } finally {
      Stage.deleteTree(dir);
    }
  }

  private static void policy(KubernetesClient client) {
    WebSocketAuditPolicy p = new WebSocketAuditPolicy();
    p.getMetadata().setName("websockets");
    p.getMetadata().setNamespace(NS);
    p.getSpec().setMode(Mode.Enforce);
    p.getSpec().setProxies(new ArrayList<>(List.of(ProxyKind.NGINX_GATEWAY_FABRIC.id())));
    p.getSpec().getEvidence().setMinConnections(3);
    p.getSpec().getEvidence().setWindow("5m");
    p.getSpec().getEvidence().setEarlyCloseThreshold("1s");
    client.resources(WebSocketAuditPolicy.class).inNamespace(NS).resource(p).create();
  }

  private static Optional<Finding> finding(KubernetesClient client) {
    WebSocketAuditPolicy p =
        client.resources(WebSocketAuditPolicy.class).inNamespace(NS).withName("websockets").get();
    if (p == null || p.getStatus() == null) {
      return Optional.empty();
    }
    return p.getStatus().getFindings().stream()
        .filter(f -> "IdleTimeout".equals(f.getRule()))
        .findFirst();
  }
}
