package io.wsaudit.operator.gateway;

import static io.wsaudit.operator.testing.Cluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.wsaudit.operator.WsAuditOperator;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.proxy.ProxyKind;
import io.wsaudit.operator.proxy.gatewayapi.GatewayApiDrafts;
import io.wsaudit.operator.proxy.gatewayapi.OwnedPolicies;
import io.wsaudit.operator.proxy.gatewayapi.PolicyClaims;
import io.wsaudit.operator.proxy.gatewayapi.VendoredCrds;
import io.wsaudit.operator.testing.Cluster;
import io.wsaudit.operator.testing.OperatorHarness;
import io.wsaudit.operator.testing.OtlpSender;
import io.wsaudit.operator.testing.WsSpans;
import io.wsaudit.testkit.kube.GatewayApiObjects;
import io.wsaudit.testkit.kube.MockApiServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The operator auditing HTTPRoutes of Envoy Gateway and NGINX Gateway Fabric against a mock API
 * server serving their published CRDs: agent spans from a pod behind an HTTPRoute → its finding → a
 * policy object of ours targeting the route → the policy deleted → that object gone. In Observe, or
 * with a policy that does not enable the proxy, nothing is written.
 */
@Timeout(90)
class GatewayEnforceTest {

  static final Duration WAIT = Duration.ofSeconds(20);

  private MockApiServer api;
  private WsAuditOperator operator;

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void envoyGatewayGetsABackendTrafficPolicyOfOursAndLosesItWithThePolicy() throws Exception {
    KubernetesClient client = start(ProxyKind.ENVOY_GATEWAY, GatewayApiDrafts.ENVOY);
    var btps = policies(client, "gateway.envoyproxy.io/v1alpha1", "BackendTrafficPolicy");
    // The Gateway's own policy cuts quiet streams after 10 s.
    btps.inNamespace(NS)
        .resource(
            policy(
                "gateway.envoyproxy.io/v1alpha1",
                "BackendTrafficPolicy",
                "gateway-defaults",
                Map.of(
                    "targetRefs",
                    List.of(GatewayApiDrafts.targetRef("Gateway", "gw", null)),
                    "timeout",
                    Map.of("http", Map.of("streamIdleTimeout", "10s")))))
        .create();
    policy(client, Mode.Enforce, List.of("envoy-gateway"));
    sendQuietCuts(Duration.ofMillis(10_200));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              GenericKubernetesResource ours = btps.inNamespace(NS).withName("wsaudit-chat").get();
              assertThat(ours).isNotNull();
              assertThat((String) ours.get("spec", "timeout", "http", "streamIdleTimeout"))
                  .isEqualTo("1h");
              assertThat(ours.getMetadata().getLabels())
                  .containsEntry(OwnedPolicies.MANAGED_BY, OwnedPolicies.WSAUDIT);
              assertThat(ours.getMetadata().getAnnotations())
                  .containsEntry(PolicyClaims.CREATED_BY, "audit");
            });
    Cluster cluster = new Cluster(client);
    Finding f = cluster.awaitFinding("audit", "HTTPRoute/chat", FindingState.Remediated);
    assertThat(f.getExplanation())
        .contains("through HTTPRoute chat", "stream idle timeout (10 s, BackendTrafficPolicy")
        .contains("shop/gateway-defaults on the Gateway");
    assertThat(cluster.status("audit").getRemediations())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getIngress()).isEqualTo("HTTPRoute/chat");
              assertThat(r.getAnnotation())
                  .isEqualTo(
                      "BackendTrafficPolicy shop/wsaudit-chat spec.timeout.http.streamIdleTimeout");
              assertThat(r.getNewValue()).isEqualTo("1h");
            });
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(cluster.events("chat"))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getInvolvedObject().getKind()).isEqualTo("HTTPRoute");
                          assertThat(e.getReason()).isEqualTo("Remediated");
                        }));

    cluster.deletePolicy("audit");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(btps.inNamespace(NS).withName("wsaudit-chat").get()).isNull());
    assertThat(btps.inNamespace(NS).withName("gateway-defaults").get()).isNotNull();
  }

  @Test
  void nginxGatewayFabricGetsAProxySettingsPolicyOfOursAndLosesItWithThePolicy() throws Exception {
    KubernetesClient client = start(ProxyKind.NGINX_GATEWAY_FABRIC, GatewayApiDrafts.NGF);
    var psps = policies(client, "gateway.nginx.org/v1alpha1", "ProxySettingsPolicy");
    policy(client, Mode.Enforce, List.of("nginx-gateway-fabric"));
    // nginx's own 60 s proxy_read_timeout.
    sendQuietCuts(Duration.ofMillis(60_200));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              GenericKubernetesResource ours = psps.inNamespace(NS).withName("wsaudit-chat").get();
              assertThat(ours).isNotNull();
              assertThat((String) ours.get("spec", "timeout", "read")).isEqualTo("1h");
              assertThat((String) ours.get("spec", "timeout", "send")).isEqualTo("1h");
            });
    Cluster cluster = new Cluster(client);
    Finding f = cluster.awaitFinding("audit", "HTTPRoute/chat", FindingState.Remediated);
    assertThat(f.getExplanation()).contains("proxy_read_timeout (60 s, nginx's default)");

    cluster.deletePolicy("audit");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(psps.inNamespace(NS).withName("wsaudit-chat").get()).isNull());
  }

  @Test
  void observeOrAPolicyNotEnablingTheProxyWritesNothing() throws Exception {
    KubernetesClient client = start(ProxyKind.NGINX_GATEWAY_FABRIC, GatewayApiDrafts.NGF);
    var psps = policies(client, "gateway.nginx.org/v1alpha1", "ProxySettingsPolicy");
    policy(client, Mode.Observe, List.of("nginx-gateway-fabric"));
    WebSocketAuditPolicy other =
        newPolicy("enforcing-elsewhere", Mode.Enforce, List.of("envoy-gateway"));
    client.resources(WebSocketAuditPolicy.class).inNamespace(NS).resource(other).create();
    sendQuietCuts(Duration.ofMillis(60_200));

    Cluster cluster = new Cluster(client);
    cluster.awaitFinding("audit", "HTTPRoute/chat", FindingState.Open);
    Finding gated =
        cluster.awaitFinding("enforcing-elsewhere", "HTTPRoute/chat", FindingState.Open);
    assertThat(gated.getExplanation())
        .contains("spec.proxies does not include nginx-gateway-fabric");
    // Several reconciles later, still nothing of ours.
    Thread.sleep(1_000);
    assertThat(psps.inNamespace(NS).list().getItems()).isEmpty();
    assertThat(cluster.status("audit").getRemediations()).isEmpty();
    assertThat(cluster.status("enforcing-elsewhere").getRemediations()).isEmpty();
  }

  /** The mock API server with the Gateway API CRDs, chat behind an HTTPRoute, the operator. */
  private KubernetesClient start(ProxyKind proxy, String controllerName) throws Exception {
    api =
        MockApiServer.startAsAdmin()
            .withCrd(
                getClass()
                    .getResourceAsStream(
                        "/META-INF/fabric8/websocketauditpolicies.wsaudit.io-v1.yml"))
            .withCrdResources(
                VendoredCrds.HTTPROUTES,
                VendoredCrds.GATEWAYS,
                VendoredCrds.GATEWAYCLASSES,
                VendoredCrds.BACKEND_TRAFFIC_POLICIES,
                VendoredCrds.CLIENT_TRAFFIC_POLICIES,
                VendoredCrds.PROXY_SETTINGS_POLICIES);
    KubernetesClient client = api.client();
    Cluster cluster = new Cluster(client);
    cluster.ingressClass("nginx", "k8s.io/ingress-nginx");
    cluster.app("chat", "10.0.9.1");
    client.resource(GatewayApiObjects.gatewayClass("gc", controllerName)).create();
    client.resource(GatewayApiObjects.gateway(NS, "gw", "gc")).create();
    client
        .resource(
            GatewayApiDrafts.route(
                NS,
                "chat",
                "2026-01-01T00:00:00Z",
                List.of("chat.example.com"),
                List.of(NS + "/gw"),
                GatewayApiDrafts.rule("chat", GatewayApiDrafts.prefix("/"))))
        .create();
    operator =
        new WsAuditOperator(
                OperatorHarness.testDefaults().withGatewayProxies(List.of(proxy)), client)
            .start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              Pod p = operator.clusterIndex().pod(NS, "chat-0");
              return p != null && !operator.clusterIndex().servicesOf(p).isEmpty();
            });
    return client;
  }

  /** Three connections cut without a close frame after the server was quiet for {@code quiet}. */
  private void sendQuietCuts(Duration quiet) {
    try (OtlpSender http = OtlpSender.http(operator.otlpHttpPort(), "gzip")) {
      assertThat(
              http.send(
                  WsSpans.fromPod(NS, "chat-0")
                      .at(Instant.now().minus(quiet).minusSeconds(5))
                      .cutByTransport(quiet)
                      .upgradedThenClosed(3, quiet.plusMillis(800))))
          .isTrue();
    }
  }

  private static void policy(KubernetesClient client, Mode mode, List<String> proxies) {
    client
        .resources(WebSocketAuditPolicy.class)
        .inNamespace(NS)
        .resource(newPolicy("audit", mode, proxies))
        .create();
  }

  private static WebSocketAuditPolicy newPolicy(String name, Mode mode, List<String> proxies) {
    WebSocketAuditPolicy p = new WebSocketAuditPolicy();
    p.getMetadata().setName(name);
    p.getMetadata().setNamespace(NS);
    p.getSpec().setMode(mode);
    p.getSpec().setProxies(proxies);
    return p;
  }

  private static GenericKubernetesResource policy(
      String apiVersion, String kind, String name, Map<String, Object> spec) {
    return GatewayApiDrafts.policy(apiVersion, kind, NS, name, "2026-01-01T00:00:00Z", spec);
  }

  private static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      policies(KubernetesClient client, String apiVersion, String kind) {
    return client.genericKubernetesResources(apiVersion, kind);
  }
}
