package io.wsaudit.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.wsaudit.helm.Rbac.Grant;
import io.wsaudit.operator.WsAuditOperator;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.config.OperatorConfig;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.remediation.AnnotationPatcher;
import io.wsaudit.testkit.kube.Backend;
import io.wsaudit.testkit.kube.IngressDraft;
import io.wsaudit.testkit.kube.KubeFixtures;
import io.wsaudit.testkit.kube.MockApiServer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's RBAC covers every API request the operator makes, and nothing broader: every verb of
 * every rule is used by at least one request.
 *
 * <p>The requests are <b>recorded</b>, not guessed: the real {@link WsAuditOperator} (the operator
 * module's main code, configured from the environment the rendered Deployment gives it) runs
 * against Fabric8's mock API server in CRUD mode, and the server keeps every request. The
 * operator's client carries its own bearer token, so its requests are told apart from the ones this
 * test makes to set the scene. The scenario walks every path that touches the API: informer caches
 * for Pods, EndpointSlices, Ingresses, IngressClasses and the controller ConfigMap; JOSDK's policy
 * informer, finalizer (including JOSDK's re-read after a conflict) and status patch; the rollback
 * on deletion (Ingress list, get and annotation patch — the same merge patch an Enforce remediation
 * sends); an Event created and then patched (its count incremented); leader election (JOSDK's
 * SelfSubjectRulesReview, answered here with the chart's own rules, then the Lease created, read
 * and renewed); and an Enforce remediation, driven by agent spans sent over OTLP/HTTP. The mock is
 * testkit's {@link MockApiServer}, as in the operator's own tests; the scenario is this test's own,
 * because it must walk every path that touches the API in one run.
 *
 * <p>Two installations are checked: all namespaces with leader election forced on, and one watched
 * namespace with two replicas.
 */
class RbacCoversOperatorRequestsTest {

  static final String OPERATOR_TOKEN = "wsaudit-operator-sa-token";
  static final String NS = "shop";
  static final String POLICY = "websockets";

  /**
   * Lease verbs JOSDK's LeaderElectionManager demands in a SelfSubjectRulesReview before it elects;
   * it refuses to start without all three, whether or not the client then sends such a request
   * (Fabric8 renews with a patch).
   */
  private static final Set<String> JOSDK_LEASE_CHECK = Set.of("create", "update", "get");

  static Stream<Arguments> installations() {
    return Stream.of(
        Arguments.of(
            "all namespaces, leader election on",
            Map.of("leaderElection", Map.of("enabled", true))),
        Arguments.of(
            "watchNamespaces [shop], 2 replicas",
            Map.of("watchNamespaces", List.of(NS), "replicas", 2)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("installations")
  void rbacAllowsEveryRecordedRequestAndEveryRuleIsUsed(String label, Map<String, Object> values)
      throws Exception {
    List<HasMetadata> manifests = Chart.render(values);
    Rbac rbac = Rbac.of(manifests, Chart.RELEASE, Chart.NAMESPACE);
    OperatorConfig config =
        configFromDeployment(
            RenderedManifestsTest.env(RenderedManifestsTest.deployment(manifests)));

    List<ApiRequest> requests = record(config, rbac);
    Set<String> seen =
        requests.stream().map(ApiRequest::toString).collect(Collectors.toCollection(TreeSet::new));
    System.out.println(
        "[" + label + "] distinct API requests of the operator:\n  " + String.join("\n  ", seen));

    assertChartEqualsCalls(rbac, requests);
  }

  /**
   * Every recorded request is allowed by the chart, and each verb of each rule, on each resource it
   * names, was needed by a recorded request.
   */
  static void assertChartEqualsCalls(Rbac rbac, List<ApiRequest> requests) {
    // Every request is allowed. The only request outside the chart is the SelfSubjectRulesReview,
    // which the built-in
    // system:basic-user ClusterRole lets every authenticated user create.
    assertThat(requests)
        .filteredOn(r -> !rbac.allows(r))
        .allSatisfy(
            r ->
                assertThat(r)
                    .isEqualTo(
                        new ApiRequest(
                            "create",
                            "authorization.k8s.io",
                            "selfsubjectrulesreviews",
                            null,
                            null,
                            null)));
    // Nothing broader: each verb of each rule, on each resource it names, was needed by a recorded
    // request.
    for (Grant g : rbac.grants()) {
      for (Grant single : g.singles()) {
        boolean used = requests.stream().anyMatch(r -> Rbac.covers(single, r));
        // The one exception: a Lease verb JOSDK's pre-flight check demands
        // (leaderElectionNeedsUpdateUnused).
        String verb = single.verb();
        String resource = single.resource();
        assertThat(used || resource.equals("leases") && JOSDK_LEASE_CHECK.contains(verb))
            .as(
                "%s %s in role %s (%s) is never used",
                verb, resource, g.roleName(), g.clusterWide() ? "cluster-wide" : g.namespace())
            .isTrue();
      }
    }
  }

  /**
   * Why the Lease rule carries {@code update} although no request uses it: with the chart's rules
   * minus that verb, JOSDK refuses to start leader election.
   */
  @org.junit.jupiter.api.Test
  void leaderElectionNeedsUpdateUnused() throws Exception {
    List<HasMetadata> manifests = Chart.render(Map.of("leaderElection", Map.of("enabled", true)));
    Rbac rbac = Rbac.of(manifests, Chart.RELEASE, Chart.NAMESPACE);
    Rbac withoutUpdate =
        new Rbac(
            rbac.grants().stream()
                .map(
                    g ->
                        new Grant(
                            g.namespace(),
                            g.roleName(),
                            new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder(g.rule())
                                .withVerbs(
                                    g.rule().getVerbs().stream()
                                        .filter(
                                            v ->
                                                !(g.rule().getResources().contains("leases")
                                                    && v.equals("update")))
                                        .toList())
                                .build()))
                .toList());
    OperatorConfig config =
        configFromDeployment(
            RenderedManifestsTest.env(RenderedManifestsTest.deployment(manifests)));
    try (MockApiServer api = mockServer(withoutUpdate);
        KubernetesClient operatorClient = api.newClient(OPERATOR_TOKEN, Chart.NAMESPACE)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> {
                try (WsAuditOperator operator = new WsAuditOperator(config, operatorClient)) {
                  operator.start();
                }
              })
          .hasStackTraceContaining(
              io.javaoperatorsdk.operator.LeaderElectionManager
                  .NO_PERMISSION_TO_LEASE_RESOURCE_MESSAGE)
          .hasStackTraceContaining("update");
    }
  }

  static OperatorConfig configFromDeployment(Map<String, String> env) {
    String watched = env.get("WSAUDIT_WATCH_NAMESPACES");
    Set<String> namespaces =
        watched.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(watched.split(",")));
    boolean leaderElection = Boolean.parseBoolean(env.get("WSAUDIT_LEADER_ELECTION"));
    return OperatorConfig.defaults()
        .withPorts("127.0.0.1", 0, 0, 0)
        .withTiming(Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(1))
        .withOtlpAuth(
            new io.wsaudit.operator.config.OtlpAuth(
                Boolean.parseBoolean(env.get("WSAUDIT_OTLP_TOKEN_REVIEW")),
                list(env.get("WSAUDIT_OTLP_TRUSTED_IDENTITIES")),
                List.copyOf(list(env.get("WSAUDIT_OTLP_TOKEN_AUDIENCES")))))
        .withWatchNamespaces(namespaces)
        .withController(
            new ControllerSettings(
                io.wsaudit.operator.proxy.ProxyKind.of(env.get("WSAUDIT_PROXY")),
                env.get("WSAUDIT_CONTROLLER_NAMESPACE"),
                env.get("WSAUDIT_CONTROLLER_CONFIGMAP"),
                env.get("WSAUDIT_ANNOTATION_PREFIX"),
                env.get("WSAUDIT_CONTROLLER_CLASS")))
        // WSAUDIT_LEASE_NAMESPACE comes from the Downward API (the release namespace).
        .withLeaderElection(
            leaderElection,
            env.getOrDefault("WSAUDIT_LEASE_NAME", "wsaudit-operator"),
            Optional.of(Chart.NAMESPACE),
            Optional.of("wsaudit-0"),
            false);
  }

  private static Set<String> list(String commaSeparated) {
    return commaSeparated == null || commaSeparated.isBlank()
        ? Set.of()
        : new LinkedHashSet<>(Arrays.asList(commaSeparated.split(",")));
  }

  static MockApiServer mockServer(Rbac rbac) {
    MockApiServer api =
        MockApiServer.start()
            // What the chart grants in the Lease namespace: JOSDK checks it before electing.
            .withRulesReview(
                rbac.grants().stream()
                    .filter(g -> g.clusterWide() || Chart.NAMESPACE.equals(g.namespace()))
                    .map(
                        g ->
                            new ResourceRuleBuilder()
                                .withApiGroups(g.rule().getApiGroups())
                                .withResources(g.rule().getResources())
                                .withVerbs(g.rule().getVerbs())
                                .withResourceNames(g.rule().getResourceNames())
                                .build())
                    .toList())
            // The agent's ServiceAccount token, reviewed by the operator (otlp.tokenReview, on by
            // default).
            .withTokenReviews(
                Map.of(AgentSpans.AGENT_TOKEN, "system:serviceaccount:" + NS + ":chat"));
    // The first patch of the policy (JOSDK adding its finalizer) meets a conflict once, as on a
    // cluster where
    // someone edits the policy at the same moment: JOSDK then reads the policy from the API server
    // (get) and
    // retries. Without this the get happens only when such a race happens by chance.
    api.server()
        .expect()
        .patch()
        .withPath(
            "/apis/wsaudit.io/v1alpha1/namespaces/" + NS + "/websocketauditpolicies/" + POLICY)
        .andReturn(
            409,
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withStatus("Failure")
                .withReason("Conflict")
                .withCode(409)
                .withMessage("the object has been modified")
                .build())
        .once();
    return api;
  }

  private static List<ApiRequest> record(OperatorConfig config, Rbac rbac) throws Exception {
    List<RecordedRequest> recorded = new ArrayList<>();
    try (MockApiServer api = mockServer(rbac);
        KubernetesClient operatorClient = api.newClient(OPERATOR_TOKEN, Chart.NAMESPACE)) {
      KubernetesClient setup = api.client();
      scene(api, config.controller());
      try (WsAuditOperator operator = new WsAuditOperator(config, operatorClient).start()) {
        await().atMost(Duration.ofSeconds(20)).until(operator::ready);
        // Round 1: an Enforce policy; spans of connections broken by proxy-http-version 1.0 make
        // the operator
        // patch the Ingress to 1.1. Round 2: the Ingress marked as remediated by hand, an Observe
        // policy. Each round
        // ends by deleting the policy, whose finalizer rolls the annotation back; the second
        // rollback finds the
        // first one's Event and increments its count (a patch).
        for (int round = 1; round <= 2; round++) {
          if (round == 1) {
            setHttpVersion(setup, "1.0");
            createPolicy(setup, Mode.Enforce);
            await().atMost(Duration.ofSeconds(30)).until(() -> hasFinalizerAndStatus(setup));
            AgentSpans.sendEarlyClosesOverHttp10(
                operator.otlpHttpPort(), NS, "chat-0", "chat.example.com", 3);
            await()
                .atMost(Duration.ofSeconds(30))
                .until(
                    () ->
                        "1.1"
                            .equals(
                                annotations(setup)
                                    .get("nginx.ingress.kubernetes.io/proxy-http-version")));
          } else {
            markRemediated(setup);
            createPolicy(setup, Mode.Observe);
            await().atMost(Duration.ofSeconds(30)).until(() -> hasFinalizerAndStatus(setup));
          }
          deletePolicyAndAwaitRollback(setup, round);
        }
        assertThat(annotations(setup))
            .containsEntry("nginx.ingress.kubernetes.io/proxy-http-version", "1.0");
        if (config.leaderElection()) {
          Instant first = lease(setup, config).getSpec().getRenewTime().toInstant();
          await()
              .atMost(Duration.ofSeconds(20))
              .until(
                  () -> lease(setup, config).getSpec().getRenewTime().toInstant().isAfter(first));
        }
      }
      recorded.addAll(operatorRequests(api));
    }
    List<ApiRequest> requests =
        recorded.stream().map(r -> ApiRequest.parse(r.getMethod(), r.getPath())).toList();
    assertThat(requests).as("recorded operator requests").isNotEmpty();
    return requests;
  }

  /** What the operator's own client sent (its token), discovery left out. */
  static List<RecordedRequest> operatorRequests(MockApiServer api) throws InterruptedException {
    List<RecordedRequest> out = new ArrayList<>();
    RecordedRequest r;
    while ((r = api.server().takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
      if (("Bearer " + OPERATOR_TOKEN).equals(r.getHeader("Authorization"))
          && !isDiscovery(r.getPath())) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * Discovery paths (/version, /api, /apis/group/version) are non-resource URLs every user may GET.
   */
  private static boolean isDiscovery(String path) {
    String p = path.split("\\?")[0];
    long depth = Arrays.stream(p.split("/")).filter(s -> !s.isEmpty()).count();
    return p.startsWith("/version")
        || p.startsWith("/openapi")
        || (p.startsWith("/api/") && depth <= 2)
        || p.equals("/api")
        || (p.startsWith("/apis") && depth <= 3);
  }

  private static void scene(MockApiServer api, ControllerSettings controller) throws Exception {
    api.withCrd(
        Files.newInputStream(
            Chart.root().resolve("crds/websocketauditpolicies.wsaudit.io-v1.yml")));
    KubernetesClient c = api.client();
    KubeFixtures.ingressClass(c, "nginx", controller.controllerClass());
    KubeFixtures.configMap(
        c, controller.namespace(), controller.configMap(), Map.of("proxy-http-version", "1.1"));
    KubeFixtures.backend(c, Backend.of(NS, "chat", "10.0.0.7"));
    IngressDraft.of(NS, "chat").host("chat.example.com").create(c);
  }

  /**
   * The Ingress as an Enforce remediation leaves it: the new value and the record of the previous
   * one.
   */
  private static void markRemediated(KubernetesClient c) {
    String record =
        "{\"previous\":\"1.0\",\"applied\":\"1.1\",\"policy\":\""
            + POLICY
            + "\",\"rule\":\"UpstreamHttp10\",\"time\":\""
            + Instant.now()
            + "\"}";
    annotate(
        c,
        Map.of(
            "nginx.ingress.kubernetes.io/proxy-http-version",
            "1.1",
            AnnotationPatcher.bookkeepingKey("proxy-http-version"),
            record));
  }

  private static void createPolicy(KubernetesClient c, Mode mode) {
    WebSocketAuditPolicy p = new WebSocketAuditPolicy();
    p.getMetadata().setName(POLICY);
    p.getMetadata().setNamespace(NS);
    p.getSpec().setMode(mode);
    policies(c).resource(p).create();
  }

  static boolean hasFinalizerAndStatus(KubernetesClient c) {
    WebSocketAuditPolicy p = policies(c).withName(POLICY).get();
    return p != null && !p.getMetadata().getFinalizers().isEmpty() && p.getStatus() != null;
  }

  private static Map<String, String> annotations(KubernetesClient c) {
    return KubeFixtures.annotations(c, NS, "chat");
  }

  private static void setHttpVersion(KubernetesClient c, String version) {
    annotate(c, Map.of("nginx.ingress.kubernetes.io/proxy-http-version", version));
  }

  /** Edits the chat Ingress as a person would: these annotations added or replaced. */
  private static void annotate(KubernetesClient c, Map<String, String> annotations) {
    KubeFixtures.annotate(c, NS, "chat", annotations);
  }

  static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          WebSocketAuditPolicy,
          io.fabric8.kubernetes.api.model.KubernetesResourceList<WebSocketAuditPolicy>,
          io.fabric8.kubernetes.client.dsl.Resource<WebSocketAuditPolicy>>
      policies(KubernetesClient c) {
    return c.resources(WebSocketAuditPolicy.class).inNamespace(NS);
  }

  /** Deletes the policy and waits until it is gone and its rollback Event counts {@code n}. */
  static void deletePolicyAndAwaitRollback(KubernetesClient setup, int n) {
    policies(setup).withName(POLICY).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                policies(setup).withName(POLICY).get() == null
                    && rolledBackEvents(setup).stream().anyMatch(e -> e.getCount() == n));
  }

  static List<Event> rolledBackEvents(KubernetesClient c) {
    return c.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> "RolledBack".equals(e.getReason()) && e.getCount() != null)
        .toList();
  }

  private static Lease lease(KubernetesClient c, OperatorConfig config) {
    Lease l = c.leases().inNamespace(Chart.NAMESPACE).withName(config.leaseName()).get();
    return l == null || l.getSpec().getRenewTime() == null ? null : l;
  }
}
