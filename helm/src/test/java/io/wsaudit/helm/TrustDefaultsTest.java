package io.wsaudit.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's default install lets no unauthenticated sender cause a write: TokenReview is on (and
 * granted), a NetworkPolicy admits OTLP only from labelled namespaces and probes from anywhere, and
 * an OutOfMemoryError ends the JVM.
 */
class TrustDefaultsTest {

  @Test
  void defaultsAuthenticateSendersAndFenceTheOtlpPorts() throws Exception {
    List<HasMetadata> manifests = Chart.render(Map.of());
    Map<String, String> env =
        RenderedManifestsTest.env(RenderedManifestsTest.deployment(manifests));
    assertThat(env).containsEntry("WSAUDIT_OTLP_TOKEN_REVIEW", "true");
    assertThat(env.get("JAVA_TOOL_OPTIONS")).contains("-XX:+ExitOnOutOfMemoryError");

    assertThat(manifests)
        .filteredOn(m -> m instanceof ClusterRole)
        .singleElement()
        .satisfies(
            r ->
                assertThat(((ClusterRole) r).getRules())
                    .anySatisfy(
                        rule -> {
                          assertThat(rule.getResources()).containsExactly("tokenreviews");
                          assertThat(rule.getVerbs()).containsExactly("create");
                        }));

    NetworkPolicy policy =
        (NetworkPolicy)
            manifests.stream().filter(m -> m instanceof NetworkPolicy).findFirst().orElseThrow();
    List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
    assertThat(rules).hasSize(2);
    assertThat(rules.get(0).getFrom())
        .singleElement()
        .satisfies(
            peer ->
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                    .containsEntry("wsaudit.io/otlp-sender", "true"));
    assertThat(rules.get(0).getPorts())
        .extracting(NetworkPolicyPort::getPort)
        .extracting(p -> p.getIntVal())
        .containsExactly(4317, 4318);
    assertThat(rules.get(1).getFrom()).isNullOrEmpty();
    assertThat(rules.get(1).getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(8080));
  }

  @Test
  void bothCanBeTurnedOff() throws Exception {
    List<HasMetadata> manifests =
        Chart.render(
            Map.of(
                "networkPolicy", Map.of("enabled", false),
                "otlp", Map.of("tokenReview", Map.of("enabled", false))));
    assertThat(manifests).noneMatch(m -> m instanceof NetworkPolicy);
    assertThat(RenderedManifestsTest.env(RenderedManifestsTest.deployment(manifests)))
        .containsEntry("WSAUDIT_OTLP_TOKEN_REVIEW", "false");
  }
}
