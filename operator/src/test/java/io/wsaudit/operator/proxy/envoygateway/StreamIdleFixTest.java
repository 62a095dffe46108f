package io.wsaudit.operator.proxy.envoygateway;

import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.T0;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.T1;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.btp;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.chat;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.ctp;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.idle;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.onGateway;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.onRoute;
import static io.wsaudit.operator.proxy.envoygateway.EnvoyDrafts.onRule;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.wsaudit.operator.proxy.gatewayapi.CrdSchema;
import io.wsaudit.operator.proxy.gatewayapi.GatewayRoute;
import io.wsaudit.operator.proxy.gatewayapi.OwnedPolicies;
import io.wsaudit.operator.proxy.gatewayapi.PolicyChange;
import io.wsaudit.operator.proxy.gatewayapi.PolicyFix;
import io.wsaudit.operator.proxy.gatewayapi.VendoredCrds;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class StreamIdleFixTest {

  static final GatewayRoute ROUTE = chat(null, true, null);
  static final Duration HOUR = Duration.ofHours(1);
  static final CrdSchema BTP_SCHEMA =
      CrdSchema.of(VendoredCrds.BACKEND_TRAFFIC_POLICIES, "v1alpha1");

  @Test
  void createsOurPolicyOnTheRouteThatMergesIntoTheGatewaysAndRaisesTheLimit() {
    List<GenericKubernetesResource> existing = List.of(btp("gw", T0, onGateway(), idle("5m")));

    PolicyChange c = StreamIdleFix.plan(ROUTE, existing, HOUR).change().orElseThrow();

    assertThat(c.kind()).isEqualTo(PolicyChange.Kind.CREATE);
    GenericKubernetesResource p = c.policy();
    assertThat(p.getMetadata().getName()).isEqualTo("wsaudit-chat");
    assertThat(p.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(OwnedPolicies.isOurs(p)).isTrue();
    assertThat((List<Object>) p.get("spec", "targetRefs"))
        .containsExactly(
            Map.of("group", "gateway.networking.k8s.io", "kind", "HTTPRoute", "name", "chat"));
    assertThat((String) p.get("spec", "mergeType")).isEqualTo("StrategicMerge");
    assertThat((String) p.get("spec", "timeout", "http", "streamIdleTimeout")).isEqualTo("1h");
    assertThat(c.rollback().delete()).isTrue();
    assertThat(c.rollback().name()).isEqualTo("wsaudit-chat");
    assertThat(BTP_SCHEMA.violations(p)).isEmpty();
    // The CEL rules the schema check cannot run: mergeType only on xRoute targets, never Replace.
    assertThat((List<Map<String, Object>>) p.get("spec", "targetRefs"))
        .allSatisfy(ref -> assertThat(ref.get("kind")).isEqualTo("HTTPRoute"));
    assertThat((String) p.get("spec", "mergeType")).isNotEqualTo("Replace");

    // Once it exists (the API server adds a creation time), it is what Envoy Gateway applies.
    p.getMetadata().setCreationTimestamp(T1);
    StreamIdleLimit after =
        StreamIdleTimeouts.effective(
            ROUTE, List.of(existing.get(0), p), List.of(ctp("c", T0, onGateway(), idle("5m"))));
    assertThat(after.limit()).isEqualTo(HOUR);
    assertThat(after.from()).isEqualTo("shop/wsaudit-chat");
  }

  @Test
  void patchesOurOwnPolicyAndRollsBackToTheValueBeforeTheFirstPatch() {
    GenericKubernetesResource ours = btp("wsaudit-chat", T0, onRoute(), Map.of());
    ours.getMetadata()
        .setLabels(new HashMap<>(Map.of(OwnedPolicies.MANAGED_BY, OwnedPolicies.WSAUDIT)));

    PolicyChange first = StreamIdleFix.plan(ROUTE, List.of(ours), HOUR).change().orElseThrow();

    assertThat(first.kind()).isEqualTo(PolicyChange.Kind.PATCH);
    String key = "wsaudit.io/remediated-spec.timeout.http.streamIdleTimeout";
    assertThat(first.mergePatch())
        .isEqualTo(
            Map.of(
                "spec", Map.of("timeout", Map.of("http", Map.of("streamIdleTimeout", "1h"))),
                "metadata", Map.of("annotations", Map.of(key, ""))));
    assertThat(first.rollback().delete()).isFalse();
    Map<String, Object> restore = new HashMap<>();
    restore.put("streamIdleTimeout", null);
    Map<String, Object> dropKey = new HashMap<>();
    dropKey.put(key, null);
    assertThat(first.rollback().mergePatch())
        .isEqualTo(
            Map.of(
                "spec", Map.of("timeout", Map.of("http", restore)),
                "metadata", Map.of("annotations", dropKey)));
    assertThat(BTP_SCHEMA.violations(first.policy())).isEmpty();

    PolicyChange second =
        StreamIdleFix.plan(ROUTE, List.of(first.policy()), Duration.ofHours(2))
            .change()
            .orElseThrow();
    assertThat((String) second.policy().get("spec", "timeout", "http", "streamIdleTimeout"))
        .isEqualTo("2h");
    assertThat(second.policy().getMetadata().getAnnotations()).containsEntry(key, "");
    assertThat(second.rollback().mergePatch()).isEqualTo(first.rollback().mergePatch());
  }

  @Test
  void onlyReportsWhenSomeoneElsesPolicyHoldsTheRouteOrTheRule() {
    GenericKubernetesResource ours = btp("wsaudit-chat", T1, onRoute(), Map.of());
    ours.getMetadata()
        .setLabels(new HashMap<>(Map.of(OwnedPolicies.MANAGED_BY, OwnedPolicies.WSAUDIT)));

    PolicyFix olderForeign =
        StreamIdleFix.plan(ROUTE, List.of(ours, btp("team", T0, onRoute(), Map.of())), HOUR);
    PolicyFix onRule =
        StreamIdleFix.plan(ROUTE, List.of(btp("rule", T1, onRule(), Map.of())), HOUR);
    PolicyFix youngerForeign =
        StreamIdleFix.plan(
            ROUTE, List.of(ours, btp("team", "2026-03-01T00:00:00Z", onRoute(), Map.of())), HOUR);

    assertThat(olderForeign.change()).isEmpty();
    assertThat(olderForeign.report())
        .contains("shop/team", "spec.timeout.http.streamIdleTimeout", "1h", "not ours");
    assertThat(onRule.change()).isEmpty();
    assertThat(onRule.report()).contains("shop/rule");
    assertThat(youngerForeign.change())
        .hasValueSatisfying(c -> assertThat(c.kind()).isEqualTo(PolicyChange.Kind.PATCH));
  }

  @Test
  void theSchemaCheckRefusesWhatTheCrdRefuses() {
    GenericKubernetesResource bad =
        StreamIdleFix.plan(ROUTE, List.of(), HOUR).change().orElseThrow().policy();
    ((Map<String, Object>)
            ((Map<String, Object>)
                    ((Map<String, Object>) bad.getAdditionalProperties().get("spec"))
                        .get("timeout"))
                .get("http"))
        .put("streamIdleTimeout", "1 hour");
    // mergeType's values are a CEL rule, which the schema check cannot see; a missing required
    // field it can.
    ((Map<String, Object>) bad.getAdditionalProperties().get("spec"))
        .put(
            "targetRefs",
            List.of(Map.of("group", "gateway.networking.k8s.io", "kind", "HTTPRoute")));

    assertThat(BTP_SCHEMA.violations(bad))
        .hasSize(2)
        .anySatisfy(v -> assertThat(v).contains("streamIdleTimeout"))
        .anySatisfy(v -> assertThat(v).contains("targetRefs/0", "name"));
  }
}
