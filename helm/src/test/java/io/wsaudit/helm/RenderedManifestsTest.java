package io.wsaudit.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.wsaudit.helm.Rbac.Grant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code helm template} renders, parsed as Kubernetes objects by Fabric8, for default and
 * non-default values.
 */
class RenderedManifestsTest {

  private static final String SA = Chart.RELEASE;

  static Stream<Arguments> valueSets() {
    return Stream.of(
        Arguments.of("defaults", Map.of()), Arguments.of("non-default", Chart.NON_DEFAULT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void everyDocumentParsesAsAKubernetesObject(String label, Map<String, Object> values) {
    List<HasMetadata> manifests = Chart.render(values);

    assertThat(manifests)
        .isNotEmpty()
        .allSatisfy(
            m -> {
              assertThat(m.getKind()).isNotBlank();
              assertThat(m.getMetadata().getName()).isNotBlank();
            });
    assertThat(manifests)
        .filteredOn(m -> m instanceof GenericKubernetesResource)
        .extracting(HasMetadata::getKind)
        .isSubsetOf("ServiceMonitor");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void noWildcardsNoSecretsAndEveryRuleSaysWhy(String label, Map<String, Object> values) {
    List<PolicyRule> rules = rules(Chart.render(values));

    assertThat(rules)
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.getApiGroups()).doesNotContain("*");
              assertThat(r.getResources())
                  .doesNotContain("*")
                  .noneMatch(s -> s.startsWith("secrets"));
              assertThat(r.getVerbs())
                  .doesNotContain(
                      "*", "delete", "deletecollection", "escalate", "bind", "impersonate");
              assertThat(r.getResourceNames()).doesNotContain("*");
              assertThat(r.getNonResourceURLs()).isEmpty();
            });
    // Strimzi's habit: the line above every rule is a comment saying why it exists.
    List<String> lines = Chart.template(values).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("- apiGroups:")) {
        assertThat(lines.get(i - 1)).as("comment above rule %s", lines.get(i)).startsWith("#");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void ingressesAreGetListWatchPatchOnlyAndConfigMapOnlyTheControllersReadOnly(
      String label, Map<String, Object> values) {
    List<HasMetadata> manifests = Chart.render(values);
    Rbac rbac = Rbac.of(manifests, SA, Chart.NAMESPACE);
    Map<String, Object> merged = Chart.merge(Chart.defaults(), values);
    @SuppressWarnings("unchecked")
    Map<String, String> controller = (Map<String, String>) merged.get("controller");

    assertThat(rbac.on("networking.k8s.io", "ingresses"))
        .isNotEmpty()
        .allSatisfy(
            g ->
                assertThat(g.rule().getVerbs())
                    .containsExactlyInAnyOrder("get", "list", "watch", "patch"));
    assertThat(rules(manifests))
        .filteredOn(r -> r.getResources().contains("configmaps"))
        .hasSize(1);
    assertThat(rbac.on("", "configmaps"))
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.namespace()).isEqualTo(controller.get("namespace"));
              assertThat(g.rule().getResourceNames()).containsExactly(controller.get("configMap"));
              assertThat(g.rule().getVerbs()).isSubsetOf("get", "list", "watch");
            });
    assertThat(manifests)
        .filteredOn(m -> m instanceof ClusterRole)
        .flatExtracting(m -> ((ClusterRole) m).getRules())
        .noneMatch(r -> r.getResources().contains("configmaps"));
    assertThat(rbac.on("", "pods"))
        .allSatisfy(g -> assertThat(g.rule().getVerbs()).isSubsetOf("get", "list", "watch"));
    assertThat(rbac.on("discovery.k8s.io", "endpointslices"))
        .allSatisfy(g -> assertThat(g.rule().getVerbs()).isSubsetOf("get", "list", "watch"));
    assertThat(rbac.on("networking.k8s.io", "ingressclasses"))
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.clusterWide()).isTrue();
              assertThat(g.rule().getVerbs()).isSubsetOf("get", "list", "watch");
            });
    assertThat(rbac.on("", "events"))
        .allSatisfy(
            g ->
                assertThat(g.rule().getVerbs())
                    .containsExactlyInAnyOrder("get", "create", "patch"));
  }

  @Test
  void theProxyChoosesTheConfigMapGrantAndTheDeploymentNamesTheProxy() {
    // F5 NGINX Ingress Controller: its own ConfigMap, in its own namespace, read-only.
    Map<String, Object> f5 =
        Map.of(
            "controller",
            Map.of(
                "proxy", "f5-nginx",
                "namespace", "nginx-ingress",
                "configMap", "nginx-config",
                "annotationPrefix", "nginx.org",
                "controllerClass", "nginx.org/ingress-controller"));
    List<HasMetadata> manifests = Chart.render(f5);
    assertThat(env(deployment(manifests))).containsEntry("WSAUDIT_PROXY", "f5-nginx");
    assertThat(Rbac.of(manifests, SA, Chart.NAMESPACE).on("", "configmaps"))
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.namespace()).isEqualTo("nginx-ingress");
              assertThat(g.rule().getResourceNames()).containsExactly("nginx-config");
            });
    // Traefik's provider options are static configuration: no ConfigMap, no grant for one.
    Map<String, Object> traefik =
        Map.of(
            "controller",
            Map.of(
                "proxy", "traefik",
                "namespace", "traefik",
                "configMap", "",
                "controllerClass", "traefik.io/ingress-controller"));
    manifests = Chart.render(traefik);
    assertThat(env(deployment(manifests))).containsEntry("WSAUDIT_PROXY", "traefik");
    assertThat(rules(manifests)).noneMatch(r -> r.getResources().contains("configmaps"));
  }

  @Test
  void defaultsGrantTheNamespacedRulesClusterWideAndNoLease() {
    List<HasMetadata> manifests = Chart.render(Map.of());
    Rbac rbac = Rbac.of(manifests, SA, Chart.NAMESPACE);

    assertThat(rbac.on("networking.k8s.io", "ingresses"))
        .singleElement()
        .extracting(Grant::clusterWide)
        .isEqualTo(true);
    assertThat(rbac.on("wsaudit.io", "websocketauditpolicies/status"))
        .singleElement()
        .extracting(Grant::clusterWide)
        .isEqualTo(true);
    assertThat(rbac.on("coordination.k8s.io", "leases")).isEmpty();
    assertThat(env(deployment(manifests)))
        .containsEntry("WSAUDIT_LEADER_ELECTION", "false")
        .containsEntry("WSAUDIT_PROXY_LOGS", "true")
        .containsEntry("WSAUDIT_WATCH_NAMESPACES", "")
        .doesNotContainKeys(
            "WSAUDIT_LEASE_NAME", "WSAUDIT_OTLP_BEARER_TOKEN", "WSAUDIT_TRACE_UI_URL");
    assertThat(env(deployment(Chart.render(Map.of("traceUiUrl", "http://jaeger-query:16686")))))
        .containsEntry("WSAUDIT_TRACE_UI_URL", "http://jaeger-query:16686");
    assertThat(deployment(manifests).getSpec().getReplicas()).isEqualTo(1);
    assertThat(manifests).extracting(HasMetadata::getKind).doesNotContain("ServiceMonitor");
    assertThat(manifests)
        .filteredOn(m -> m instanceof Role)
        .extracting(m -> m.getMetadata().getNamespace())
        .containsExactly("ingress-nginx");
  }

  @Test
  void watchedNamespacesGetARoleAndBindingEachAndOnlyClusterScopedResourcesStayClusterWide() {
    List<HasMetadata> manifests = Chart.render(Chart.NON_DEFAULT);
    Rbac rbac = Rbac.of(manifests, SA, Chart.NAMESPACE);

    for (String ns : List.of("shop", "chat")) {
      assertThat(manifests)
          .filteredOn(m -> m instanceof Role && ns.equals(m.getMetadata().getNamespace()))
          .hasSize(1);
      assertThat(manifests)
          .filteredOn(m -> m instanceof RoleBinding && ns.equals(m.getMetadata().getNamespace()))
          .hasSize(1);
    }
    assertThat(rbac.grants())
        .filteredOn(Grant::clusterWide)
        .extracting(g -> g.rule().getResources())
        // TokenReviews are cluster-scoped: the OTLP senders' tokens are reviewed
        // (otlp.tokenReview).
        .containsExactly(List.of("ingressclasses"), List.of("tokenreviews"));
    for (String resource :
        List.of(
            "ingresses",
            "pods",
            "endpointslices",
            "events",
            "websocketauditpolicies",
            "websocketauditpolicies/status")) {
      assertThat(rbac.grants())
          .filteredOn(g -> g.rule().getResources().contains(resource))
          .extracting(Grant::namespace)
          .containsExactlyInAnyOrder("shop", "chat");
    }
    assertThat(env(deployment(manifests)))
        .containsEntry("WSAUDIT_WATCH_NAMESPACES", "shop,chat")
        .containsEntry("WSAUDIT_CONTROLLER_NAMESPACE", "edge")
        .containsEntry("WSAUDIT_CONTROLLER_CONFIGMAP", "nginx-config");
  }

  @Test
  void leasesOnlyWithLeaderElectionWhichTwoReplicasTurnOn() {
    List<HasMetadata> two = Chart.render(Chart.NON_DEFAULT);
    List<HasMetadata> forced = Chart.render(Map.of("leaderElection", Map.of("enabled", true)));

    for (List<HasMetadata> manifests : List.of(two, forced)) {
      Rbac rbac = Rbac.of(manifests, SA, Chart.NAMESPACE);
      assertThat(env(deployment(manifests)))
          .containsEntry("WSAUDIT_LEADER_ELECTION", "true")
          .containsEntry("WSAUDIT_LEASE_NAME", "wsaudit-operator")
          .containsKey("WSAUDIT_LEASE_NAMESPACE");
      assertThat(rbac.on("coordination.k8s.io", "leases"))
          .hasSize(2)
          .allSatisfy(g -> assertThat(g.namespace()).isEqualTo(Chart.NAMESPACE));
      assertThat(rbac.on("coordination.k8s.io", "leases"))
          .extracting(g -> g.rule().getVerbs())
          .containsExactlyInAnyOrder(List.of("create"), List.of("get", "update", "patch"));
      assertThat(rbac.on("coordination.k8s.io", "leases"))
          .filteredOn(g -> g.rule().getVerbs().contains("update"))
          .singleElement()
          .extracting(g -> g.rule().getResourceNames())
          .isEqualTo(List.of("wsaudit-operator"));
    }
    assertThat(deployment(two).getSpec().getReplicas()).isEqualTo(2);
    assertThat(two)
        .filteredOn(m -> m instanceof Service)
        .extracting(m -> m.getMetadata().getName())
        .contains("wsaudit-headless");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void podRunsLockedDown(String label, Map<String, Object> values) {
    Deployment d = deployment(Chart.render(values));
    var pod = d.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);

    assertThat(pod.getServiceAccountName()).isEqualTo(SA);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(c.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(c.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(c.getVolumeMounts()).extracting("mountPath").containsExactly("/tmp");
    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(c.getResources().getLimits()).containsKey("memory");
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http-metrics");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void serviceExposesOtlpAndMetricsOnTheContainersPorts(String label, Map<String, Object> values) {
    List<HasMetadata> manifests = Chart.render(values);
    Container c = deployment(manifests).getSpec().getTemplate().getSpec().getContainers().get(0);
    Service svc =
        manifests.stream()
            .filter(m -> m instanceof Service && m.getMetadata().getName().equals("wsaudit"))
            .map(Service.class::cast)
            .findFirst()
            .orElseThrow();

    assertThat(c.getPorts())
        .extracting(p -> p.getName() + "=" + p.getContainerPort())
        .containsExactlyInAnyOrder("otlp-grpc=4317", "otlp-http=4318", "http-metrics=8080");
    assertThat(svc.getSpec().getPorts())
        .extracting(ServicePort::getName, ServicePort::getPort)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("otlp-grpc", 4317),
            org.assertj.core.groups.Tuple.tuple("otlp-http", 4318),
            org.assertj.core.groups.Tuple.tuple("http-metrics", 8080));
    assertThat(svc.getSpec().getSelector())
        .isEqualTo(deployment(manifests).getSpec().getSelector().getMatchLabels());
    assertThat(env(deployment(manifests)))
        .containsEntry("WSAUDIT_OTLP_GRPC_PORT", "4317")
        .containsEntry("WSAUDIT_OTLP_HTTP_PORT", "4318")
        .containsEntry("WSAUDIT_HTTP_PORT", "8080");
    assertThat(manifests).filteredOn(m -> m instanceof ServiceAccount).hasSize(1);
  }

  @Test
  void rbacAndServiceAccountCanBeLeftToTheUser() {
    List<HasMetadata> manifests =
        Chart.render(
            Map.of(
                "rbac",
                Map.of("create", false),
                "serviceAccount",
                Map.of("create", false, "name", "audited-by-hand")));

    assertThat(manifests)
        .extracting(HasMetadata::getKind)
        .doesNotContain(
            "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "ServiceAccount");
    assertThat(deployment(manifests).getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("audited-by-hand");
  }

  @Test
  void serviceMonitorScrapesMetricsWhenEnabled() {
    GenericKubernetesResource sm =
        Chart.render(Chart.NON_DEFAULT).stream()
            .filter(m -> m.getKind().equals("ServiceMonitor"))
            .map(GenericKubernetesResource.class::cast)
            .findFirst()
            .orElseThrow();

    assertThat(sm.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(sm.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    assertThat(sm.<String>get("spec", "endpoints", 0, "port")).isEqualTo("http-metrics");
    assertThat(sm.<String>get("spec", "endpoints", 0, "path")).isEqualTo("/metrics");
  }

  @Test
  void bearerTokenComesFromTheNamedSecretThroughTheKubelet() {
    EnvVar token =
        deployment(Chart.render(Chart.NON_DEFAULT))
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getEnv()
            .stream()
            .filter(e -> e.getName().equals("WSAUDIT_OTLP_BEARER_TOKEN"))
            .findFirst()
            .orElseThrow();

    assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("wsaudit-otlp");
  }

  static Deployment deployment(List<HasMetadata> manifests) {
    return manifests.stream()
        .filter(m -> m instanceof Deployment)
        .map(Deployment.class::cast)
        .findFirst()
        .orElseThrow();
  }

  static Map<String, String> env(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null || e.getValueFrom() != null)
        .collect(
            java.util.stream.Collectors.toMap(
                EnvVar::getName, e -> Objects.requireNonNullElse(e.getValue(), "<from>")));
  }

  static List<PolicyRule> rules(List<HasMetadata> manifests) {
    return manifests.stream()
        .flatMap(
            m ->
                m instanceof ClusterRole cr
                    ? cr.getRules().stream()
                    : m instanceof Role r ? r.getRules().stream() : Stream.empty())
        .toList();
  }
}
