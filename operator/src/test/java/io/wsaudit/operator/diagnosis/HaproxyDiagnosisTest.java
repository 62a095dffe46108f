package io.wsaudit.operator.diagnosis;

import static io.wsaudit.operator.diagnosis.FindingLifecycleTest.GRACE;
import static io.wsaudit.operator.diagnosis.FindingLifecycleTest.INEFFECTIVE;
import static io.wsaudit.operator.diagnosis.FindingLifecycleTest.NOW;
import static io.wsaudit.operator.diagnosis.FindingLifecycleTest.PATCHED_AT;
import static io.wsaudit.operator.diagnosis.FindingLifecycleTest.RESOLVED;
import static io.wsaudit.operator.diagnosis.FindingLifecycleTest.condition;
import static io.wsaudit.operator.diagnosis.FindingLifecycleTest.describe;
import static io.wsaudit.operator.diagnosis.FindingLifecycleTest.failed;
import static io.wsaudit.operator.diagnosis.FindingLifecycleTest.find;
import static io.wsaudit.operator.diagnosis.FindingLifecycleTest.flatten;
import static io.wsaudit.operator.diagnosis.FindingLifecycleTest.idleCut;
import static io.wsaudit.operator.diagnosis.FindingLifecycleTest.patched;
import static io.wsaudit.operator.diagnosis.FindingLifecycleTest.withFinding;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.ProtocolVersion;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.otlp.CloseObservation;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.Proxies;
import io.wsaudit.operator.proxy.ProxyKind;
import io.wsaudit.operator.proxy.SettingKeys;
import io.wsaudit.operator.proxy.ingressnginx.Reload;
import io.wsaudit.operator.rules.IdleTimeout;
import io.wsaudit.operator.rules.Rules;
import io.wsaudit.testkit.kube.IngressDraft;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * R1 and R3 on Ingresses of the HAProxy Kubernetes Ingress controller through the whole diagnosis:
 * what is patched, what is only reported (a Service annotation, ConfigMap-only keys), Observe and
 * Enforce, the rate limit, spec.proxies, verification against the value before the patch, and the
 * rollback of exactly that change.
 */
class HaproxyDiagnosisTest {

  static final ControllerSettings HAPROXY = ControllerSettings.defaults(ProxyKind.HAPROXY);
  static final String TS = "haproxy.org/timeout-server";
  static final String IDLE = IdleTimeout.NAME;
  static final Map<String, String> TUNNEL_OFF =
      Map.of("timeout-tunnel", "0", "timeout-client", "2h");

  record Row(
      String name,
      Map<String, String> ingress,
      Map<String, String> service,
      Map<String, String> configMap,
      List<ConnectionRecord> evidence,
      Mode mode,
      List<String> proxies,
      boolean slotFree,
      String rule,
      FindingState expected,
      List<String> patch,
      String explains) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Row> rows() {
    var quiet3 = idleCut(3, 3_000, NOW.minusSeconds(100));
    var http10 = failed(ProtocolVersion.HTTP_1_0, 3, NOW.minusSeconds(30));
    List<String> enabled = List.of("haproxy");
    return Stream.of(
        new Row(
            "R3, haproxy resets the server side (io_error), as measured: the same patch",
            Map.of(TS, "3s"),
            null,
            TUNNEL_OFF,
            reset(quiet3),
            Mode.Enforce,
            enabled,
            true,
            IDLE,
            FindingState.Remediated,
            patched("timeout-server=1h"),
            "HAProxy closes a quiet upgraded connection after that long"),
        new Row(
            "R3, tunnel off, Ingress timeout-server 3s, Enforce: the Ingress is patched",
            Map.of(TS, "3s"),
            null,
            TUNNEL_OFF,
            quiet3,
            Mode.Enforce,
            enabled,
            true,
            IDLE,
            FindingState.Remediated,
            patched("timeout-server=1h"),
            "the effective timeout server (3 s, its annotation haproxy.org/timeout-server)"),
        new Row(
            "R3, haproxy not in spec.proxies: reported, no write",
            Map.of(TS, "3s"),
            null,
            TUNNEL_OFF,
            quiet3,
            Mode.Enforce,
            List.of("ingress-nginx"),
            true,
            IDLE,
            FindingState.Open,
            List.of(),
            "spec.proxies does not include haproxy"),
        new Row(
            "R3, Observe: the same finding, no write",
            Map.of(TS, "3s"),
            null,
            TUNNEL_OFF,
            quiet3,
            Mode.Observe,
            enabled,
            true,
            IDLE,
            FindingState.Open,
            List.of(),
            "Set haproxy.org/timeout-server to \"1h\" on this Ingress"),
        new Row(
            "R3, the controller's patch slot taken: Open, waits",
            Map.of(TS, "3s"),
            null,
            TUNNEL_OFF,
            quiet3,
            Mode.Enforce,
            enabled,
            false,
            IDLE,
            FindingState.Open,
            List.of(),
            "timeout server"),
        new Row(
            "R3, a Service annotation shadows the Ingress: NotRemediable, names Service and key",
            Map.of(TS, "1h"),
            Map.of(TS, "3s"),
            TUNNEL_OFF,
            quiet3,
            Mode.Enforce,
            enabled,
            true,
            IDLE,
            FindingState.NotRemediable,
            List.of(),
            "Set haproxy.org/timeout-server to \"1h\" on Service shop/chat (now \"3s\")"),
        new Row(
            "R3, a short ConfigMap timeout-tunnel: NotRemediable, the exact key and value",
            Map.of(TS, "1h"),
            null,
            Map.of("timeout-tunnel", "3s"),
            quiet3,
            Mode.Enforce,
            enabled,
            true,
            IDLE,
            FindingState.NotRemediable,
            List.of(),
            "Set timeout-tunnel: \"1h\" in the controller ConfigMap"
                + " haproxy-controller/haproxy-kubernetes-ingress (now \"3s\")"),
        new Row(
            "R3, the default tunnel (1h) and quiet cuts at 30 s: another hop, not HAProxy",
            Map.of(),
            null,
            Map.of(),
            idleCut(3, 30_000, NOW.minusSeconds(100)),
            Mode.Enforce,
            enabled,
            true,
            IDLE,
            FindingState.NotRemediable,
            List.of(),
            "matches neither timeout tunnel (3600 s)"),
        new Row(
            "R1: HAProxy speaks HTTP/1.1 to servers, another hop downgrades",
            Map.of(),
            null,
            Map.of(),
            http10,
            Mode.Enforce,
            enabled,
            true,
            "UpstreamHttp10",
            FindingState.NotRemediable,
            List.of(),
            "although HAProxy Kubernetes Ingress Controller proxies them with HTTP/1.1"),
        new Row(
            "R2: upgrades pass on every route, nothing to report",
            Map.of(),
            null,
            Map.of(),
            failed(ProtocolVersion.HTTP_1_1, 3, NOW.minusSeconds(30)),
            Mode.Enforce,
            enabled,
            true,
            "ConnectionHeaderOverride",
            null,
            List.of(),
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void diagnosis(Row row) {
    Diagnosis.Result result =
        diagnose(row.ingress(), row.service(), row.configMap(), row.evidence(), row, null);
    Finding f = find(result.status(), row.rule());
    assertThat(f == null ? null : f.getState()).isEqualTo(row.expected());
    assertThat(described(result, "patch", "Remediated")).isEqualTo(row.patch());
    if (row.expected() == FindingState.Remediated) {
      assertThat(result.status().getRemediations())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getAnnotation()).isEqualTo(TS);
                assertThat(r.getPreviousValue()).isEqualTo("3s");
              });
    } else {
      assertThat(result.status().getRemediations()).isEmpty();
    }
    if (row.explains() != null) {
      assertThat(f.getExplanation()).contains(row.explains());
    }
    assertThat(condition(result.status(), "RateLimited"))
        .isEqualTo(row.slotFree() || row.expected() != FindingState.Open ? "False" : "True");
  }

  static Stream<Object[]> verifications() {
    return Stream.of(
        new Object[] {
          "quiet past the previous 3s: Resolved", 10_000L, FindingState.Resolved, RESOLVED
        },
        // Judged against the 3s before the patch, not the 1h after it.
        new Object[] {
          "still cut at the previous 3s after the grace: Ineffective",
          3_000L,
          FindingState.Ineffective,
          INEFFECTIVE
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("verifications")
  void thePatchIsVerifiedAgainstThePreviousValue(
      String name, long quietMs, FindingState expected, List<String> events) {
    var after = idleCut(3, quietMs, PATCHED_AT.plus(GRACE).plusSeconds(5));
    Diagnosis.Result result = verify(after);
    assertThat(find(result.status(), IDLE).getState()).isEqualTo(expected);
    assertThat(described(result, "Resolved", "Ineffective")).isEqualTo(events);
  }

  /** Drops of two Ingresses 2 min after a reload: HAProxy's old process at hard-stop-after. */
  @Test
  void dropsAtHardStopAfterAfterAReloadAreReportedAsHaproxysDrain() {
    ConfigMap cm = new ConfigMapBuilder().withData(Map.of("hard-stop-after", "2m")).build();
    var proxy = Proxies.of(HAPROXY);
    assertThat(proxy.reloadDrainTime(cm)).isEqualTo(java.time.Duration.ofMinutes(2));
    assertThat(proxy.reloadDrainTime(null)).isEqualTo(java.time.Duration.ofMinutes(30));
    Instant reload = NOW.minusSeconds(200);
    Instant dropped = reload.plusSeconds(120);
    WebSocketAuditPolicy policy = new WebSocketAuditPolicy();
    policy.setMetadata(
        new ObjectMetaBuilder().withName("audit").withNamespace("shop").withGeneration(1L).build());
    policy.getSpec().setMode(Mode.Enforce);
    Diagnosis.Result result =
        new Diagnosis(Rules.all(), HAPROXY, GRACE)
            .diagnose(
                policy,
                null,
                List.of(
                    FindingLifecycleTest.dropsOf("chat", dropped),
                    FindingLifecycleTest.dropsOf("feed", dropped.plusSeconds(2))),
                new ControllerEvidence(
                    List.of(new Reload(reload, "Ingress shop/news", false)),
                    proxy.reloadDrainTime(cm)),
                new FindingLifecycleTest.FakeSlot(true),
                NOW);
    Finding f = find(result.status(), "ProxyReload");
    assertThat(f.getState()).isEqualTo(FindingState.NotRemediable);
    assertThat(f.getExplanation())
        .contains(
            "made HAProxy Kubernetes Ingress Controller",
            "the old haproxy process drops upgraded connections once hard-stop-after (120 s)",
            "raise hard-stop-after in the controller ConfigMap")
        .doesNotContain("nginx");
  }

  @Test
  void deletingThePolicyRestoresThePreviousTimeoutServer() {
    Map<String, String> a = new HashMap<>(patchedIngress());
    List<Action> plan =
        new Rollbacks(HAPROXY)
            .plan("audit", List.of(ingress(a)), new IdleTimeout().patchedSettings());
    assertThat(plan)
        .map(FindingLifecycleTest::describe)
        .containsExactly("rollback timeout-server restore");
    Action.Rollback r = (Action.Rollback) plan.get(0);
    assertThat(r.record().previous()).isEqualTo("3s");
    assertThat(r.record().applied()).isEqualTo("1h");
    assertThat(describe(r.announce())).isEqualTo("Normal RolledBack Ingress");
  }

  private static Diagnosis.Result verify(List<ConnectionRecord> after) {
    WebSocketAuditPolicyStatus prior = withFinding(IDLE, FindingState.Remediated, false);
    prior
        .getRemediations()
        .add(
            StatusEntries.remediation(
                "chat",
                IDLE,
                TS,
                new AppliedChange("3s", "1h", "audit", IDLE, PATCHED_AT.toString())));
    Row row =
        new Row(
            "verify",
            null,
            null,
            null,
            null,
            Mode.Enforce,
            List.of("haproxy"),
            true,
            IDLE,
            null,
            null,
            null);
    return diagnose(patchedIngress(), null, TUNNEL_OFF, after, row, prior);
  }

  /** The same drops as haproxy makes them: the server reads a reset, not an EOF. */
  private static List<ConnectionRecord> reset(List<ConnectionRecord> cut) {
    return cut.stream()
        .map(
            c -> {
              CloseObservation o = c.close();
              return c.withClose(
                  new CloseObservation(
                      o.traceId(),
                      o.connectionId(),
                      o.source(),
                      o.serverAddress(),
                      o.path(),
                      o.protocolVersion(),
                      o.closeCode(),
                      o.initiator(),
                      WsAuditSpans.Cause.IO_ERROR,
                      o.durationMs(),
                      o.early(),
                      o.idle(),
                      o.time()));
            })
        .toList();
  }

  private static Map<String, String> patchedIngress() {
    return Map.of(
        TS,
        "1h",
        AppliedChange.bookkeepingKey(SettingKeys.TIMEOUT_SERVER),
        "{\"previous\":\"3s\",\"applied\":\"1h\",\"policy\":\"audit\",\"rule\":\""
            + IDLE
            + "\",\"time\":\""
            + PATCHED_AT
            + "\"}");
  }

  private static Diagnosis.Result diagnose(
      Map<String, String> annotations,
      Map<String, String> service,
      Map<String, String> configMap,
      List<ConnectionRecord> evidence,
      Row row,
      WebSocketAuditPolicyStatus prior) {
    Ingress ingress = ingress(annotations);
    ConfigMap cm = new ConfigMapBuilder().withData(configMap).build();
    RouteEvidence ev =
        new RouteEvidence(
            ingress, evidence, Proxies.of(HAPROXY).settings(ingress, cm, (ns, name) -> service));
    WebSocketAuditPolicy policy = new WebSocketAuditPolicy();
    policy.setMetadata(
        new ObjectMetaBuilder().withName("audit").withNamespace("shop").withGeneration(1L).build());
    policy.getSpec().setMode(row.mode());
    policy.getSpec().setProxies(row.proxies());
    return new Diagnosis(Rules.all(), HAPROXY, GRACE)
        .diagnose(
            policy, prior, List.of(ev), new FindingLifecycleTest.FakeSlot(row.slotFree()), NOW);
  }

  /** The actions (a patch, then the Events it announces), described, that name any of these. */
  private static List<String> described(Diagnosis.Result result, String... words) {
    return flatten(result.actions()).stream()
        .map(FindingLifecycleTest::describe)
        .filter(d -> Stream.of(words).anyMatch(d::contains))
        .toList();
  }

  private static Ingress ingress(Map<String, String> annotations) {
    return IngressDraft.of("shop", "chat")
        .host("chat.example.com")
        .service("chat")
        .annotations(annotations)
        .build();
  }
}
