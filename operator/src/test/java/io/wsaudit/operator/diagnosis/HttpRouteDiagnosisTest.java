package io.wsaudit.operator.diagnosis;

import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.GRACE;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.NOW;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.find;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.idleCut;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.wsaudit.operator.api.v1alpha1.EvidenceThresholds;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.Remediation;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.diagnosis.DiagnosisFixtures.CountingSlot;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.GatewayProxies;
import io.wsaudit.operator.proxy.ProxyKind;
import io.wsaudit.operator.proxy.gatewayapi.GatewayApiDrafts;
import io.wsaudit.operator.proxy.gatewayapi.GatewayParent;
import io.wsaudit.operator.proxy.gatewayapi.GatewayProxy;
import io.wsaudit.operator.proxy.gatewayapi.GatewayRoute;
import io.wsaudit.operator.proxy.gatewayapi.OwnedPolicies;
import io.wsaudit.operator.proxy.gatewayapi.PolicyChange;
import io.wsaudit.operator.proxy.gatewayapi.PolicyClaims;
import io.wsaudit.operator.rules.Rules;
import io.wsaudit.testkit.kube.GatewayApiObjects;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The finding lifecycle on HTTPRoutes of Envoy Gateway and NGINX Gateway Fabric: the settings read
 * from their policy objects, the policy object of ours that a fix creates, the guarantee that a
 * policy writes only to the proxies it enables, and the Gateway's own patch slot.
 */
class HttpRouteDiagnosisTest {

  static final String IDLE = "IdleTimeout";
  static final String ENVOY_FIELD =
      "BackendTrafficPolicy shop/wsaudit-chat spec.timeout.http.streamIdleTimeout";
  static final String NGF_READ = "ProxySettingsPolicy shop/wsaudit-chat spec.timeout.read";

  /** One row: the row's proxy enabled, no timeouts on the route rule, no policy objects. */
  static final class Row extends DiagnosisRow<Row> {
    final ProxyKind proxy;
    String requestTimeout;
    List<GenericKubernetesResource> policies = List.of();
    String write;
    String remediated;

    Row(String name, ProxyKind proxy, List<ConnectionRecord> evidence) {
      super(name, evidence);
      this.proxy = proxy;
      proxies(proxy.id());
    }

    Row requestTimeout(String timeout) {
      requestTimeout = timeout;
      return this;
    }

    Row policies(GenericKubernetesResource... objects) {
      policies = List.of(objects);
      return this;
    }

    /** The one write the fix makes, and the Remediation field it records. */
    Row writes(String write, String field) {
      this.write = write;
      this.remediated = field;
      return this;
    }
  }

  static Stream<Row> rows() {
    var quiet300 = idleCut(3, 300_000, NOW.minusSeconds(400));
    var quiet60 = idleCut(3, 60_000, NOW.minusSeconds(200));
    String ngfWrite =
        "CREATE ProxySettingsPolicy shop/wsaudit-chat spec.timeout.read=1h,spec.timeout.send=1h";
    return Stream.of(
        new Row(
                "Envoy R3, enabled: a BackendTrafficPolicy of ours on the route",
                ProxyKind.ENVOY_GATEWAY,
                quiet300)
            .expect(FindingState.Remediated, "Envoy's default stream_idle_timeout")
            .writes(
                "CREATE BackendTrafficPolicy shop/wsaudit-chat"
                    + " spec.timeout.http.streamIdleTimeout=1h",
                ENVOY_FIELD),
        new Row("Envoy R3, not enabled: report only, no write", ProxyKind.ENVOY_GATEWAY, quiet300)
            .proxies("ingress-nginx")
            .expect(FindingState.Open, "spec.proxies does not include envoy-gateway"),
        new Row("Envoy R3, Observe: no write", ProxyKind.ENVOY_GATEWAY, quiet300)
            .observe()
            .expect(FindingState.Open, "BackendTrafficPolicy of wsaudit's"),
        new Row(
                "Envoy R3, someone's policy holds the route: report which field to set",
                ProxyKind.ENVOY_GATEWAY,
                quiet300)
            .policies(envoyPolicy("team-btp", false, "300s"))
            .expect(
                FindingState.NotRemediable,
                "BackendTrafficPolicy shop/team-btp governs HTTPRoute shop/chat and is not ours"),
        new Row(
                "Envoy R3, our policy exists: patched, its previous value kept",
                ProxyKind.ENVOY_GATEWAY,
                quiet300)
            .policies(envoyPolicy("wsaudit-chat", true, "300s"))
            .expect(
                FindingState.Remediated, "BackendTrafficPolicy shop/wsaudit-chat on the HTTPRoute")
            .writes(
                "PATCH BackendTrafficPolicy shop/wsaudit-chat"
                    + " spec.timeout.http.streamIdleTimeout=1h",
                ENVOY_FIELD),
        new Row(
                "NGF R3, enabled: a ProxySettingsPolicy of ours with both timers",
                ProxyKind.NGINX_GATEWAY_FABRIC,
                quiet60)
            .expect(FindingState.Remediated, "proxy_read_timeout (60 s, nginx's default)")
            .writes(ngfWrite, NGF_READ),
        new Row(
                "NGF R3: the route's own timeouts are ignored, and the explanation says so",
                ProxyKind.NGINX_GATEWAY_FABRIC,
                quiet60)
            .requestTimeout("1h")
            .expect(
                FindingState.Remediated,
                "spec.rules[0].timeouts (request 1h) is ignored by NGINX Gateway Fabric")
            .writes(ngfWrite, NGF_READ),
        new Row(
                "NGF R3, not enabled although Envoy is: no write",
                ProxyKind.NGINX_GATEWAY_FABRIC,
                quiet60)
            .proxies("envoy-gateway")
            .expect(FindingState.Open, "spec.proxies does not include nginx-gateway-fabric"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void diagnosis(Row row) {
    GatewayRoute route = route(row.proxy, row.requestTimeout);
    CountingSlot ingressSlot = new CountingSlot(true);
    CountingSlot gatewaySlot = new CountingSlot(true);
    Diagnosis.Result result =
        diagnose(
            route,
            row.proxy,
            row.policies,
            row.evidence,
            withWindow(row.policy()),
            null,
            ingressSlot,
            gatewaySlot);
    Finding f = find(result.status(), IDLE);
    assertThat(f.getIngress()).isEqualTo("HTTPRoute/chat");
    assertThat(f.getState()).isEqualTo(row.expected);
    assertThat(f.getExplanation()).contains(row.explains).contains("HTTPRoute chat");
    List<String> writes = writes(result.actions());
    assertThat(writes).isEqualTo(row.write == null ? List.of() : List.of(row.write));
    assertThat(result.actions())
        .noneMatch(a -> a instanceof Action.Patch)
        .filteredOn(a -> a instanceof Action.Event)
        .allMatch(a -> !"Ingress".equals(((Action.Event) a).involved().getKind()));
    if (row.remediated != null) {
      assertThat(result.status().getRemediations())
          .map(Remediation::getAnnotation)
          .contains(row.remediated);
      assertThat(gatewaySlot.takes).isEqualTo(1);
    } else {
      assertThat(result.status().getRemediations()).isEmpty();
    }
    // The Ingress controller's slot is never the one an HTTPRoute's write takes.
    assertThat(ingressSlot.takes).isZero();
  }

  @Test
  void aWriteSignsTheObjectWithThePolicyAndTheGatewaySlotRateLimitsIt() {
    GatewayRoute route = route(ProxyKind.ENVOY_GATEWAY, null);
    var busy = new CountingSlot(false);
    Diagnosis.Result waiting = envoyCuts(route, busy);
    assertThat(writes(waiting.actions())).isEmpty();
    assertThat(DiagnosisFixtures.condition(waiting.status(), "RateLimited")).isEqualTo("True");

    Diagnosis.Result made = envoyCuts(route, new CountingSlot(true));
    Action.PolicyWrite w = onlyWrite(made.actions());
    assertThat(w.change().policy().getMetadata().getAnnotations())
        .containsEntry(PolicyClaims.CREATED_BY, "audit");
    assertThat(w.announce())
        .map(e -> e.involved().getKind())
        .containsExactly("HTTPRoute", "WebSocketAuditPolicy");
    assertThat(w.announce().get(0).message()).contains("wsaudit created BackendTrafficPolicy");
  }

  /** After our policy raised the limit to 1 h, cuts at the old 5 min still count: Ineffective. */
  @Test
  void cutsAtTheLimitBeforeOurPolicyMakeItIneffective() {
    GatewayRoute before = route(ProxyKind.ENVOY_GATEWAY, null);
    Diagnosis.Result made = envoyCuts(before, new CountingSlot(true));
    GenericKubernetesResource ours = onlyWrite(made.actions()).change().policy();
    Instant later = NOW.plus(GRACE).plusSeconds(400);
    List<ConnectionRecord> evidence = new ArrayList<>(idleCut(3, 300_000, NOW.minusSeconds(400)));
    evidence.addAll(idleCut(3, 300_000, NOW.plus(GRACE).plusSeconds(10)));
    Diagnosis.Result after =
        new Diagnosis(Rules.all(), ControllerSettings.defaults(), GRACE)
            .diagnose(
                envoyPolicy(),
                made.status(),
                List.of(evidence(before, ProxyKind.ENVOY_GATEWAY, List.of(ours), evidence)),
                ControllerEvidence.none(),
                new CountingSlot(true),
                k -> new CountingSlot(true),
                later);
    assertThat(find(after.status(), IDLE).getState()).isEqualTo(FindingState.Ineffective);
    assertThat(writes(after.actions())).isEmpty();
  }

  @Test
  void deletingThePolicyDeletesWhatItCreatedAndRestoresWhatItPatched() {
    GenericKubernetesResource created = envoyPolicy("wsaudit-chat", true, "1h");
    created.getMetadata().setAnnotations(Map.of(PolicyClaims.CREATED_BY, "audit"));
    GenericKubernetesResource patched = envoyPolicy("wsaudit-feed", true, "1h");
    patched
        .getMetadata()
        .setAnnotations(
            Map.of(
                PolicyClaims.PATCHED_BY,
                "audit",
                OwnedPolicies.BOOKKEEPING_PREFIX + "spec.timeout.http.streamIdleTimeout",
                "300s"));
    GenericKubernetesResource others = envoyPolicy("wsaudit-other", true, "1h");
    others.getMetadata().setAnnotations(Map.of(PolicyClaims.CREATED_BY, "another"));
    GenericKubernetesResource foreign = envoyPolicy("team", false, "1h");
    foreign.getMetadata().setAnnotations(Map.of(PolicyClaims.CREATED_BY, "audit"));

    List<Action> undo = PolicyRollbacks.plan("audit", List.of(created, patched, others, foreign));

    assertThat(undo).hasSize(2);
    PolicyChange.Undo first = ((Action.PolicyUndo) undo.get(0)).undo();
    assertThat(first.delete()).isTrue();
    assertThat(first.name()).isEqualTo("wsaudit-chat");
    PolicyChange.Undo second = ((Action.PolicyUndo) undo.get(1)).undo();
    assertThat(second.delete()).isFalse();
    assertThat(second.mergePatch())
        .containsEntry(
            "spec", Map.of("timeout", Map.of("http", Map.of("streamIdleTimeout", "300s"))));
  }

  /** Envoy R3 on {@code route}: three streams cut at the default 5 min, no policy objects. */
  static Diagnosis.Result envoyCuts(GatewayRoute route, PatchSlot gatewaySlot) {
    return diagnose(
        route,
        ProxyKind.ENVOY_GATEWAY,
        List.of(),
        idleCut(3, 300_000, NOW.minusSeconds(400)),
        envoyPolicy(),
        null,
        new CountingSlot(true),
        gatewaySlot);
  }

  static Diagnosis.Result diagnose(
      GatewayRoute route,
      ProxyKind proxy,
      List<GenericKubernetesResource> policies,
      List<ConnectionRecord> evidence,
      WebSocketAuditPolicy policy,
      WebSocketAuditPolicyStatus base,
      PatchSlot ingressSlot,
      PatchSlot gatewaySlot) {
    return new Diagnosis(Rules.all(), ControllerSettings.defaults(), GRACE)
        .diagnose(
            policy,
            base,
            List.of(evidence(route, proxy, policies, evidence)),
            ControllerEvidence.none(),
            ingressSlot,
            k -> {
              assertThat(k).isEqualTo("Gateway shop/gw");
              return gatewaySlot;
            },
            NOW);
  }

  static RouteEvidence evidence(
      GatewayRoute route,
      ProxyKind proxy,
      List<GenericKubernetesResource> policies,
      List<ConnectionRecord> evidence) {
    GatewayProxy p = GatewayProxies.of(proxy);
    return new RouteEvidence(
        route.route(),
        evidence,
        p.settings(route, kind -> kind.equals(p.writes()) ? policies : List.of(), null),
        "Gateway shop/gw");
  }

  static GatewayRoute route(ProxyKind proxy, String requestTimeout) {
    HTTPRouteRuleBuilder rule = new HTTPRouteRuleBuilder(GatewayApiDrafts.rule("chat"));
    if (requestTimeout != null) {
      rule.withNewTimeouts().withRequest(requestTimeout).endTimeouts();
    }
    String controller =
        proxy == ProxyKind.ENVOY_GATEWAY ? GatewayApiDrafts.ENVOY : GatewayApiDrafts.NGF;
    return new GatewayRoute(
        GatewayApiDrafts.route(
            "shop",
            "chat",
            "2026-01-01T00:00:00Z",
            List.of("chat.example.com"),
            List.of("shop/gw"),
            rule.build()),
        0,
        "chat.example.com",
        "PathPrefix",
        "/",
        List.of(
            new GatewayParent(GatewayApiObjects.gateway("shop", "gw", "gc"), null, controller)));
  }

  static GenericKubernetesResource envoyPolicy(String name, boolean ours, String idle) {
    GenericKubernetesResource p =
        GatewayApiDrafts.policy(
            "gateway.envoyproxy.io/v1alpha1",
            "BackendTrafficPolicy",
            "shop",
            name,
            "2026-01-02T00:00:00Z",
            Map.of(
                "targetRefs",
                List.of(GatewayApiDrafts.targetRef("HTTPRoute", "chat", null)),
                "timeout",
                Map.of("http", Map.of("streamIdleTimeout", idle))));
    if (ours) {
      p.getMetadata()
          .setLabels(new HashMap<>(Map.of(OwnedPolicies.MANAGED_BY, OwnedPolicies.WSAUDIT)));
    }
    return p;
  }

  static WebSocketAuditPolicy envoyPolicy() {
    return withWindow(DiagnosisFixtures.policy(Mode.Enforce, List.of("envoy-gateway")));
  }

  /** A window long enough to see connections cut at Envoy's 5 min. */
  static WebSocketAuditPolicy withWindow(WebSocketAuditPolicy p) {
    EvidenceThresholds t = new EvidenceThresholds();
    t.setWindow("15m");
    p.getSpec().setEvidence(t);
    return p;
  }

  static Action.PolicyWrite onlyWrite(List<Action> actions) {
    List<Action.PolicyWrite> w =
        actions.stream()
            .filter(Action.PolicyWrite.class::isInstance)
            .map(Action.PolicyWrite.class::cast)
            .toList();
    assertThat(w).hasSize(1);
    return w.get(0);
  }

  /** {@code CREATE|PATCH <object> <field>=<value>,…} per write. */
  static List<String> writes(List<Action> actions) {
    return actions.stream()
        .filter(Action.PolicyWrite.class::isInstance)
        .map(a -> ((Action.PolicyWrite) a).change())
        .map(
            c ->
                c.kind()
                    + " "
                    + c.objectName()
                    + " "
                    + String.join(
                        ",",
                        c.fields().entrySet().stream()
                            .map(e -> String.join(".", e.getKey()) + "=" + e.getValue())
                            .sorted()
                            .toList()))
        .toList();
  }
}
