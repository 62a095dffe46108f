package io.wsaudit.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.wsaudit.helm.Rbac.Grant;
import io.wsaudit.operator.WsAuditOperator;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.config.OperatorConfig;
import io.wsaudit.operator.config.OtlpAuth;
import io.wsaudit.operator.config.ProxyList;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.gatewayapi.OwnedPolicies;
import io.wsaudit.operator.proxy.gatewayapi.PolicyClaims;
import io.wsaudit.testkit.kube.Backend;
import io.wsaudit.testkit.kube.GatewayApiObjects;
import io.wsaudit.testkit.kube.KubeFixtures;
import io.wsaudit.testkit.kube.MockApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * For a Gateway API installation ({@code controller.proxy} naming envoy-gateway or
 * nginx-gateway-fabric beside ingress-nginx), the chart's rules for the Gateway API groups cover
 * every request the operator makes to them, and nothing broader: the real operator, configured from
 * the rendered Deployment, runs against the mock API server (the published CRDs loaded) while agent
 * spans of idle-cut connections behind an HTTPRoute make it create its own policy object, and
 * deleting the WebSocketAuditPolicy deletes it again. Without a Gateway proxy the chart grants
 * nothing on these groups. The Ingress path's rules are {@link RbacCoversOperatorRequestsTest}'s.
 */
class RbacCoversGatewayRequestsTest {

  private static final String OPERATOR_TOKEN = "wsaudit-operator-sa-token";
  private static final String NS = "shop";
  private static final Set<String> GATEWAY_GROUPS =
      Set.of("gateway.networking.k8s.io", "gateway.envoyproxy.io", "gateway.nginx.org");
  private static final Path CRDS = Path.of("../operator/src/test/resources/crds");

  @Test
  void noGatewayProxyNoGatewayRules() throws Exception {
    Rbac rbac = Rbac.of(Chart.render(Map.of()), Chart.RELEASE, Chart.NAMESPACE);
    assertThat(rbac.grants())
        .noneMatch(g -> g.rule().getApiGroups().stream().anyMatch(GATEWAY_GROUPS::contains));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "envoy-gateway, gateway.envoyproxy.io/gatewayclass-controller, gateway.envoyproxy.io/v1alpha1,"
        + " BackendTrafficPolicy, gateway.nginx.org",
    "nginx-gateway-fabric, gateway.nginx.org/nginx-gateway-controller, gateway.nginx.org/v1alpha1,"
        + " ProxySettingsPolicy, gateway.envoyproxy.io",
  })
  void gatewayRulesAreExactlyTheRequests(
      String proxy, String controllerName, String apiVersion, String kind, String otherGroup)
      throws Exception {
    List<HasMetadata> manifests =
        Chart.render(Map.of("controller", Map.of("proxy", List.of("ingress-nginx", proxy))));
    Rbac rbac = Rbac.of(manifests, Chart.RELEASE, Chart.NAMESPACE);
    Map<String, String> env =
        RenderedManifestsTest.env(RenderedManifestsTest.deployment(manifests));
    assertThat(env.get("WSAUDIT_PROXY")).isEqualTo("ingress-nginx," + proxy);

    List<ApiRequest> requests =
        record(config(env), controllerName, apiVersion, kind).stream()
            .filter(r -> GATEWAY_GROUPS.contains(r.group()))
            .toList();
    assertThat(requests).as("requests to the Gateway API groups").isNotEmpty();
    assertThat(requests).allSatisfy(r -> assertThat(rbac.allows(r)).as(r.toString()).isTrue());
    List<Grant> gateway =
        rbac.grants().stream()
            .filter(g -> g.rule().getApiGroups().stream().anyMatch(GATEWAY_GROUPS::contains))
            .toList();
    assertThat(gateway).noneMatch(g -> g.rule().getApiGroups().contains(otherGroup));
    for (Grant single : gateway.stream().flatMap(g -> g.singles().stream()).toList()) {
      assertThat(requests.stream().anyMatch(r -> Rbac.covers(single, r)))
          .as("%s %s in role %s is never used", single.verb(), single.resource(), single.roleName())
          .isTrue();
    }
  }

  private static OperatorConfig config(Map<String, String> env) {
    ProxyList proxies = ProxyList.parse(env.get("WSAUDIT_PROXY"));
    return OperatorConfig.defaults()
        .withPorts("127.0.0.1", 0, 0, 0)
        .withTiming(Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(1))
        .withOtlpAuth(
            new OtlpAuth(
                Boolean.parseBoolean(env.get("WSAUDIT_OTLP_TOKEN_REVIEW")), Set.of(), List.of()))
        .withController(
            new ControllerSettings(
                proxies.ingress(),
                env.get("WSAUDIT_CONTROLLER_NAMESPACE"),
                env.get("WSAUDIT_CONTROLLER_CONFIGMAP"),
                env.get("WSAUDIT_ANNOTATION_PREFIX"),
                env.get("WSAUDIT_CONTROLLER_CLASS")))
        .withGatewayProxies(proxies.gateways());
  }

  private static List<ApiRequest> record(
      OperatorConfig config, String controllerName, String apiVersion, String kind)
      throws Exception {
    List<RecordedRequest> recorded = new ArrayList<>();
    try (MockApiServer api =
            MockApiServer.start()
                .withTokenReviews(
                    Map.of(AgentSpans.AGENT_TOKEN, "system:serviceaccount:" + NS + ":chat"));
        KubernetesClient operatorClient = api.newClient(OPERATOR_TOKEN, Chart.NAMESPACE)) {
      KubernetesClient setup = api.client();
      scene(api, controllerName, apiVersion, kind);
      try (WsAuditOperator operator = new WsAuditOperator(config, operatorClient).start()) {
        await().atMost(Duration.ofSeconds(20)).until(operator::ready);
        WebSocketAuditPolicy p = new WebSocketAuditPolicy();
        p.getMetadata().setName("websockets");
        p.getMetadata().setNamespace(NS);
        p.getSpec().setMode(Mode.Enforce);
        p.getSpec().setProxies(List.of(config.gatewayProxies().get(0).id()));
        var policies = setup.resources(WebSocketAuditPolicy.class).inNamespace(NS);
        policies.resource(p).create();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> policies.withName("websockets").get().getStatus() != null);
        // chat: quiet for 60 s, cut by nginx's default; for Envoy Gateway the Gateway's policy says
        // 10 s. feed: our earlier object says 10 s. Each Gateway has its own patch slot.
        int port = operator.otlpHttpPort();
        AgentSpans.sendIdleCuts(
            port, NS, "chat-0", "chat.example.com", 3, envoy(kind) ? 10_200 : 60_200);
        AgentSpans.sendIdleCuts(port, NS, "feed-0", "feed.example.com", 3, 10_200);
        var ours = setup.genericKubernetesResources(apiVersion, kind).inNamespace(NS);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> ours.withName("wsaudit-chat").get() != null && patchedBy(ours) != null);
        policies.withName("websockets").delete();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    policies.withName("websockets").get() == null
                        && ours.withName("wsaudit-chat").get() == null
                        && patchedBy(ours) == null);
      }
      RecordedRequest r;
      while ((r = api.server().takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
        recorded.add(r);
      }
    }
    return recorded.stream()
        .filter(r -> ("Bearer " + OPERATOR_TOKEN).equals(r.getHeader("Authorization")))
        .filter(r -> r.getPath().split("\\?")[0].split("/").length > 4)
        .map(r -> ApiRequest.parse(r.getMethod(), r.getPath()))
        .toList();
  }

  private static boolean envoy(String kind) {
    return kind.equals("BackendTrafficPolicy");
  }

  private static String patchedBy(
      io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
              GenericKubernetesResource,
              io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
              io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
          ours) {
    var a = ours.withName("wsaudit-feed").get().getMetadata().getAnnotations();
    return a == null ? null : a.get(PolicyClaims.PATCHED_BY);
  }

  /**
   * chat and feed, each behind an HTTPRoute on a Gateway of its own of the proxy's class; Envoy's
   * Gateway gw cuts at 10 s.
   */
  private static void scene(
      MockApiServer api, String controllerName, String apiVersion, String kind) throws Exception {
    api.withCrd(
        Files.newInputStream(
            Chart.root().resolve("crds/websocketauditpolicies.wsaudit.io-v1.yml")));
    for (String crd :
        List.of(
            "gateway-api/v1.3.0/gateway.networking.k8s.io_httproutes.yaml",
            "gateway-api/v1.3.0/gateway.networking.k8s.io_gateways.yaml",
            "gateway-api/v1.3.0/gateway.networking.k8s.io_gatewayclasses.yaml",
            "envoy-gateway/v1.9.0/gateway.envoyproxy.io_backendtrafficpolicies.yaml",
            "envoy-gateway/v1.9.0/gateway.envoyproxy.io_clienttrafficpolicies.yaml",
            "nginx-gateway-fabric/v2.6.7/gateway.nginx.org_proxysettingspolicies.yaml")) {
      api.withCrd(Files.newInputStream(CRDS.resolve(crd)));
    }
    KubernetesClient c = api.client();
    KubeFixtures.ingressClass(c, "nginx", "k8s.io/ingress-nginx");
    KubeFixtures.backend(c, Backend.of(NS, "chat", "10.0.0.7"));
    KubeFixtures.backend(c, Backend.of(NS, "feed", "10.0.0.8"));
    c.resource(GatewayApiObjects.gatewayClass("gc", controllerName)).create();
    for (String app : List.of("chat", "feed")) {
      String gateway = app.equals("chat") ? "gw" : "gw2";
      c.resource(GatewayApiObjects.gateway(NS, gateway, "gc")).create();
      c.resource(GatewayApiObjects.route(NS, app, app + ".example.com", gateway, app, 8080))
          .create();
    }
    // feed's limit is a policy object of ours an earlier policy created: this one patches it.
    Map<String, Object> timeout =
        kind.equals("BackendTrafficPolicy")
            ? Map.of("http", Map.of("streamIdleTimeout", "10s"))
            : Map.of("read", "10s", "send", "10s");
    GenericKubernetesResource feedPolicy =
        timeoutPolicy(apiVersion, kind, "wsaudit-feed", "HTTPRoute", "feed", timeout);
    feedPolicy.getMetadata().setLabels(Map.of(OwnedPolicies.MANAGED_BY, OwnedPolicies.WSAUDIT));
    feedPolicy.getMetadata().setAnnotations(Map.of(PolicyClaims.CREATED_BY, "earlier"));
    c.genericKubernetesResources(apiVersion, kind).inNamespace(NS).resource(feedPolicy).create();
    GenericKubernetesResource gatewayPolicy =
        timeoutPolicy(
            "gateway.envoyproxy.io/v1alpha1",
            "BackendTrafficPolicy",
            "gateway-defaults",
            "Gateway",
            "gw",
            Map.of("http", Map.of("streamIdleTimeout", "10s")));
    c.genericKubernetesResources("gateway.envoyproxy.io/v1alpha1", "BackendTrafficPolicy")
        .inNamespace(NS)
        .resource(gatewayPolicy)
        .create();
  }

  /** A policy object with {@code spec.timeout} targeting one Gateway API object of {@code NS}. */
  private static GenericKubernetesResource timeoutPolicy(
      String apiVersion,
      String kind,
      String name,
      String targetKind,
      String targetName,
      Map<String, Object> timeout) {
    Map<String, String> target =
        Map.of("group", "gateway.networking.k8s.io", "kind", targetKind, "name", targetName);
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withNewMetadata()
        .withNamespace(NS)
        .withName(name)
        .endMetadata()
        .addToAdditionalProperties(
            "spec", Map.of("targetRefs", List.of(target), "timeout", timeout))
        .build();
  }
}
