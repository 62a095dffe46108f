package io.wsaudit.operator.proxy.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.wsaudit.operator.proxy.envoygateway.EnvoyGateway;
import io.wsaudit.operator.proxy.envoygateway.StreamIdleFix;
import io.wsaudit.operator.proxy.ngf.NginxGatewayFabric;
import io.wsaudit.operator.proxy.ngf.ProxyTimeoutFix;
import io.wsaudit.testkit.kube.GatewayApiObjects;
import io.wsaudit.testkit.kube.MockApiServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The planned changes applied to an API server serving the vendored policy CRDs: create, patch ours
 * again, undo the patch, undo the creation; every step as the applier would send it.
 */
class PolicyChangesOnMockApiServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "BackendTrafficPolicy, backendtrafficpolicies, spec.timeout.http.streamIdleTimeout, 1h, 2h",
    "ProxySettingsPolicy, proxysettingspolicies, spec.timeout.read, 1h, 2h",
  })
  void createPatchAndRollBackExactlyOurChange(
      String kind, String plural, String field, String first, String second) {
    boolean envoy = kind.equals(EnvoyGateway.BACKEND_TRAFFIC_POLICY);
    String apiVersion = envoy ? EnvoyGateway.API_VERSION : NginxGatewayFabric.API_VERSION;
    BiFunction<List<GenericKubernetesResource>, Duration, PolicyFix> plan =
        (existing, d) ->
            envoy
                ? StreamIdleFix.plan(route(), existing, d)
                : ProxyTimeoutFix.plan(route(), existing, d);
    try (MockApiServer api =
        MockApiServer.start()
            .withCrdResources(
                envoy
                    ? VendoredCrds.BACKEND_TRAFFIC_POLICIES
                    : VendoredCrds.PROXY_SETTINGS_POLICIES)) {
      var policies = policies(api.client(), apiVersion, kind, plural);
      Object[] path = field.split("\\.");

      PolicyChange create = plan.apply(List.of(), Duration.ofHours(1)).change().orElseThrow();
      policies.inNamespace("shop").resource(create.policy()).create();
      List<GenericKubernetesResource> stored = policies.inNamespace("shop").list().getItems();
      assertThat(stored)
          .singleElement()
          .satisfies(p -> assertThat((String) p.get(path)).isEqualTo(first));

      PolicyChange patch = plan.apply(stored, Duration.ofHours(2)).change().orElseThrow();
      assertThat(patch.kind()).isEqualTo(PolicyChange.Kind.PATCH);
      mergePatch(policies, patch.policy().getMetadata().getName(), patch.mergePatch());
      GenericKubernetesResource patched =
          policies.inNamespace("shop").withName("wsaudit-chat").get();
      assertThat((String) patched.get(path)).isEqualTo(second);
      assertThat(patched.getMetadata().getAnnotations())
          .containsEntry(OwnedPolicies.bookkeepingKey(List.of(field.split("\\."))), first);

      mergePatch(policies, "wsaudit-chat", patch.rollback().mergePatch());
      GenericKubernetesResource restored =
          policies.inNamespace("shop").withName("wsaudit-chat").get();
      assertThat((String) restored.get(path)).isEqualTo(first);
      // The undo sends a null for the bookkeeping key; the API server deletes the key (RFC 7386),
      // the mock server's store for custom resources keeps the null: either way it reads as unset.
      Map<String, String> left =
          restored.getMetadata().getAnnotations() == null
              ? Map.of()
              : restored.getMetadata().getAnnotations();
      assertThat(left.get(OwnedPolicies.bookkeepingKey(List.of(field.split("\\."))))).isNull();

      assertThat(create.rollback().delete()).isTrue();
      policies
          .inNamespace(create.rollback().namespace())
          .withName(create.rollback().name())
          .delete();
      assertThat(policies.inNamespace("shop").list().getItems()).isEmpty();
    }
  }

  private static GatewayRoute route() {
    HTTPRoute r =
        GatewayApiDrafts.route(
            "shop",
            "chat",
            "2026-01-01T00:00:00Z",
            List.of(),
            List.of("shop/gw"),
            GatewayApiDrafts.rule("chat"));
    GatewayParent gw =
        new GatewayParent(GatewayApiObjects.gateway("shop", "gw", "any"), null, "any");
    return new GatewayRoute(r, 0, "", "PathPrefix", "/", List.of(gw));
  }

  private static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      policies(KubernetesClient c, String apiVersion, String kind, String plural) {
    String[] gv = apiVersion.split("/");
    return c.genericKubernetesResources(
        new ResourceDefinitionContext.Builder()
            .withGroup(gv[0])
            .withVersion(gv[1])
            .withKind(kind)
            .withPlural(plural)
            .withNamespaced(true)
            .build());
  }

  private static void mergePatch(
      MixedOperation<
              GenericKubernetesResource,
              GenericKubernetesResourceList,
              Resource<GenericKubernetesResource>>
          policies,
      String name,
      Map<String, Object> patch) {
    policies
        .inNamespace("shop")
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), json(patch));
  }

  /** With nulls kept: a null in a JSON merge patch (RFC 7386) deletes the key. */
  private static String json(Map<String, Object> patch) {
    try {
      return JSON.writeValueAsString(patch);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
