package io.wsaudit.operator.proxy.ngf;

import static io.wsaudit.operator.proxy.ngf.NgfDrafts.T0;
import static io.wsaudit.operator.proxy.ngf.NgfDrafts.T1;
import static io.wsaudit.operator.proxy.ngf.NgfDrafts.T2;
import static io.wsaudit.operator.proxy.ngf.NgfDrafts.chat;
import static io.wsaudit.operator.proxy.ngf.NgfDrafts.ours;
import static io.wsaudit.operator.proxy.ngf.NgfDrafts.psp;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.wsaudit.operator.proxy.gatewayapi.CrdSchema;
import io.wsaudit.operator.proxy.gatewayapi.GatewayRoute;
import io.wsaudit.operator.proxy.gatewayapi.OwnedPolicies;
import io.wsaudit.operator.proxy.gatewayapi.PolicyChange;
import io.wsaudit.operator.proxy.gatewayapi.PolicyFix;
import io.wsaudit.operator.proxy.gatewayapi.VendoredCrds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class ProxyTimeoutFixTest {

  static final GatewayRoute ROUTE = chat("3600s", "ngf");
  static final Duration HOUR = Duration.ofHours(1);
  static final CrdSchema PSP_SCHEMA =
      CrdSchema.of(VendoredCrds.PROXY_SETTINGS_POLICIES, "v1alpha1");

  @Test
  void createsOurPolicyOnTheRouteAndNgfThenRendersAnHourForBothTimers() {
    List<GenericKubernetesResource> existing =
        List.of(
            psp("gw", T0, "Gateway", "ngf", Map.of("read", "30s")),
            psp("buf", T0, "HTTPRoute", "chat", Map.of()));

    PolicyChange c = ProxyTimeoutFix.plan(ROUTE, existing, HOUR).change().orElseThrow();

    GenericKubernetesResource p = c.policy();
    assertThat(c.kind()).isEqualTo(PolicyChange.Kind.CREATE);
    assertThat(p.getKind()).isEqualTo("ProxySettingsPolicy");
    assertThat(p.getMetadata().getName()).isEqualTo("wsaudit-chat");
    assertThat(OwnedPolicies.isOurs(p)).isTrue();
    assertThat((Map<String, Object>) p.get("spec", "timeout"))
        .isEqualTo(Map.of("read", "1h", "send", "1h"));
    assertThat(c.rollback().delete()).isTrue();
    assertThat(PSP_SCHEMA.violations(p)).isEmpty();

    p.getMetadata().setCreationTimestamp(T1);
    ProxyTimeouts after =
        ProxyTimeouts.effective(ROUTE, List.of(existing.get(0), existing.get(1), p));
    assertThat(after.read().value()).isEqualTo(HOUR);
    assertThat(after.send().value()).isEqualTo(HOUR);
    assertThat(after.read().from()).isEqualTo("shop/wsaudit-chat");
  }

  @Test
  void patchesOursAndItsRollbackRestoresTheTimersItHadBefore() {
    GenericKubernetesResource mine =
        ours(psp("wsaudit-chat", T0, "HTTPRoute", "chat", Map.of("read", "5m")));

    PolicyChange c =
        ProxyTimeoutFix.plan(ROUTE, List.of(mine), Duration.ofMinutes(90)).change().orElseThrow();

    assertThat(c.kind()).isEqualTo(PolicyChange.Kind.PATCH);
    assertThat((Map<String, Object>) c.mergePatch().get("spec"))
        .isEqualTo(Map.of("timeout", Map.of("read", "90m", "send", "90m")));
    assertThat(c.policy().getMetadata().getAnnotations())
        .containsEntry("wsaudit.io/remediated-spec.timeout.read", "5m")
        .containsEntry("wsaudit.io/remediated-spec.timeout.send", "");
    Map<String, Object> undoTimeout =
        (Map<String, Object>)
            ((Map<String, Object>) c.rollback().mergePatch().get("spec")).get("timeout");
    assertThat(undoTimeout).containsEntry("read", "5m").containsEntry("send", null);
    assertThat(PSP_SCHEMA.violations(c.policy())).isEmpty();
  }

  @Test
  void reportsWhenAnOlderPolicyOfSomeoneElsesSetsTheTimers() {
    PolicyFix f =
        ProxyTimeoutFix.plan(
            ROUTE,
            List.of(
                psp("team", T0, "HTTPRoute", "chat", Map.of("send", "30s")),
                ours(psp("wsaudit-chat", T2, "HTTPRoute", "chat", Map.of()))),
            HOUR);

    assertThat(f.change()).isEmpty();
    assertThat(f.report()).contains("shop/team", "spec.timeout.read", "1h", "not ours");
  }

  @Test
  void formatsDurationsWithinNgfsFourDigits() {
    assertThat(NginxDuration.format(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(NginxDuration.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(NginxDuration.format(Duration.ofHours(1))).isEqualTo("1h");
    assertThat(NginxDuration.format(Duration.ofSeconds(10_001))).isEqualTo("167m");
    assertThat(NginxDuration.format(Duration.ofMillis(1500))).isEqualTo("2s");
    assertThat(NginxDuration.parse("100ms")).contains(Duration.ofMillis(100));
    assertThat(NginxDuration.parse("10000s")).isEmpty();
    assertThat(NginxDuration.parse("1h30m")).isEmpty();
  }

  @Test
  void theSchemaCheckRefusesADurationNgfWouldRefuse() {
    GenericKubernetesResource p =
        ProxyTimeoutFix.plan(ROUTE, List.of(), HOUR).change().orElseThrow().policy();
    ((Map<String, Object>)
            ((Map<String, Object>) p.getAdditionalProperties().get("spec")).get("timeout"))
        .put("read", "1h30m");

    assertThat(PSP_SCHEMA.violations(p))
        .singleElement()
        .satisfies(v -> assertThat(v).contains("/spec/timeout/read"));
  }
}
