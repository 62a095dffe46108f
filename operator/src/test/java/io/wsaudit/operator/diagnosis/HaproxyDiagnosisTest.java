package io.wsaudit.operator.diagnosis;

import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.GRACE;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.INEFFECTIVE;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.NOW;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.PATCHED_AT;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.RESOLVED;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.bookkeeping;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.condition;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.describe;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.described;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.failed;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.find;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.idleCut;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.patched;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.withFinding;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.ProtocolVersion;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.diagnosis.DiagnosisFixtures.CountingSlot;
import io.wsaudit.operator.otlp.CloseObservation;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.Proxies;
import io.wsaudit.operator.proxy.ProxyKind;
import io.wsaudit.operator.proxy.SettingKeys;
import io.wsaudit.operator.proxy.ingressnginx.Reload;
import io.wsaudit.operator.rules.IdleTimeout;
import io.wsaudit.operator.rules.Rules;
import io.wsaudit.operator.testing.ChatIngress;
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
  static final String UP = "UpstreamHttp10";
  static final Map<String, String> TUNNEL_OFF =
      Map.of("timeout-tunnel", "0", "timeout-client", "2h");

  /** One row: haproxy enabled, no annotations on the Ingress or its Service, an empty ConfigMap. */
  static final class Row extends DiagnosisRow<Row> {
    final String rule;
    Map<String, String> ingress = Map.of();
    Map<String, String> service;
    Map<String, String> configMap = Map.of();
    List<String> patch = List.of();

    Row(String name, String rule, List<ConnectionRecord> evidence) {
      super(name, evidence);
      this.rule = rule;
      proxies("haproxy");
    }

    /** The Ingress's annotations, and the controller ConfigMap's data. */
    Row on(Map<String, String> ingress, Map<String, String> configMap) {
      this.ingress = ingress;
      this.configMap = configMap;
      return this;
    }

    Row service(Map<String, String> annotations) {
      service = annotations;
      return this;
    }

    Row patches(String change) {
      patch = patched(change);
      return this;
    }
  }

  static Stream<Row> rows() {
    var quiet3 = idleCut(3, 3_000, NOW.minusSeconds(100));
    var http10 = failed(ProtocolVersion.HTTP_1_0, 3, NOW.minusSeconds(30));
    Map<String, String> short3s = Map.of(TS, "3s");
    return Stream.of(
        new Row(
                "R3, haproxy resets the server side (io_error), as measured: the same patch",
                IDLE,
                reset(quiet3))
            .on(short3s, TUNNEL_OFF)
            .expect(
                FindingState.Remediated,
                "HAProxy closes a quiet upgraded connection after that long")
            .patches("timeout-server=1h"),
        new Row(
                "R3, tunnel off, Ingress timeout-server 3s, Enforce: the Ingress is patched",
                IDLE,
                quiet3)
            .on(short3s, TUNNEL_OFF)
            .expect(
                FindingState.Remediated,
                "the effective timeout server (3 s, its annotation haproxy.org/timeout-server)")
            .patches("timeout-server=1h"),
        new Row("R3, haproxy not in spec.proxies: reported, no write", IDLE, quiet3)
            .on(short3s, TUNNEL_OFF)
            .proxies("ingress-nginx")
            .expect(FindingState.Open, "spec.proxies does not include haproxy"),
        new Row("R3, Observe: the same finding, no write", IDLE, quiet3)
            .on(short3s, TUNNEL_OFF)
            .observe()
            .expect(FindingState.Open, "Set haproxy.org/timeout-server to \"1h\" on this Ingress"),
        new Row("R3, the controller's patch slot taken: Open, waits", IDLE, quiet3)
            .on(short3s, TUNNEL_OFF)
            .slotTaken()
            .expect(FindingState.Open, "timeout server"),
        new Row(
                "R3, a Service annotation shadows the Ingress: NotRemediable, names Service and key",
                IDLE,
                quiet3)
            .on(Map.of(TS, "1h"), TUNNEL_OFF)
            .service(short3s)
            .expect(
                FindingState.NotRemediable,
                "Set haproxy.org/timeout-server to \"1h\" on Service shop/chat (now \"3s\")"),
        new Row(
                "R3, a short ConfigMap timeout-tunnel: NotRemediable, the exact key and value",
                IDLE,
                quiet3)
            .on(Map.of(TS, "1h"), Map.of("timeout-tunnel", "3s"))
            .expect(
                FindingState.NotRemediable,
                "Set timeout-tunnel: \"1h\" in the controller ConfigMap"
                    + " haproxy-controller/haproxy-kubernetes-ingress (now \"3s\")"),
        new Row(
                "R3, the default tunnel (1h) and quiet cuts at 30 s: another hop, not HAProxy",
                IDLE,
                idleCut(3, 30_000, NOW.minusSeconds(100)))
            .expect(FindingState.NotRemediable, "matches neither timeout tunnel (3600 s)"),
        new Row("R1: HAProxy speaks HTTP/1.1 to servers, another hop downgrades", UP, http10)
            .expect(
                FindingState.NotRemediable,
                "although HAProxy Kubernetes Ingress Controller proxies them with HTTP/1.1"),
        new Row(
            "R2: upgrades pass on every route, nothing to report",
            "ConnectionHeaderOverride",
            failed(ProtocolVersion.HTTP_1_1, 3, NOW.minusSeconds(30))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void diagnosis(Row row) {
    Diagnosis.Result result =
        diagnose(row.ingress, row.service, row.configMap, row.evidence, row, null);
    Finding f = find(result.status(), row.rule);
    assertThat(f == null ? null : f.getState()).isEqualTo(row.expected);
    assertThat(described(result, "patch", "Remediated")).isEqualTo(row.patch);
    if (row.expected == FindingState.Remediated) {
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
    if (row.explains != null) {
      assertThat(f.getExplanation()).contains(row.explains);
    }
    assertThat(condition(result.status(), "RateLimited"))
        .isEqualTo(row.slotFree || row.expected != FindingState.Open ? "False" : "True");
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
    WebSocketAuditPolicy policy = DiagnosisFixtures.policy(Mode.Enforce, null);
    Diagnosis.Result result =
        new Diagnosis(Rules.all(), HAPROXY, GRACE)
            .diagnose(
                policy,
                null,
                List.of(
                    DiagnosisFixtures.dropsOf("chat", dropped),
                    DiagnosisFixtures.dropsOf("feed", dropped.plusSeconds(2))),
                new ControllerEvidence(
                    List.of(new Reload(reload, "Ingress shop/news", false)),
                    proxy.reloadDrainTime(cm)),
                new CountingSlot(true),
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
            .plan("audit", List.of(ChatIngress.annotated(a)), new IdleTimeout().patchedSettings());
    assertThat(plan)
        .map(DiagnosisFixtures::describe)
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
    Row row = new Row("verify", IDLE, after);
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
        bookkeeping("3s", "1h", "audit", IDLE));
  }

  private static Diagnosis.Result diagnose(
      Map<String, String> annotations,
      Map<String, String> service,
      Map<String, String> configMap,
      List<ConnectionRecord> evidence,
      Row row,
      WebSocketAuditPolicyStatus prior) {
    Ingress ingress = ChatIngress.annotated(annotations);
    ConfigMap cm = new ConfigMapBuilder().withData(configMap).build();
    RouteEvidence ev =
        new RouteEvidence(
            ingress, evidence, Proxies.of(HAPROXY).settings(ingress, cm, (ns, name) -> service));
    WebSocketAuditPolicy policy = row.policy();
    return new Diagnosis(Rules.all(), HAPROXY, GRACE)
        .diagnose(policy, prior, List.of(ev), new CountingSlot(row.slotFree), NOW);
  }
}
