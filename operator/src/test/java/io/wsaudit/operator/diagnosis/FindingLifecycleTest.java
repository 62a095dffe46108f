package io.wsaudit.operator.diagnosis;

import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.CONTROLLER;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.GRACE;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.INEFFECTIVE;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.NOW;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.PATCHED_AT;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.PHV;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.RESOLVED;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.bookkeeping;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.condition;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.describe;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.dropsOf;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.failed;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.find;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.flatten;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.healthy;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.idleCut;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.ingressNginx;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.patched;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.warned;
import static io.wsaudit.operator.diagnosis.DiagnosisFixtures.withFinding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.wsaudit.contract.WsAuditSpans.ProtocolVersion;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Remediation;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.diagnosis.DiagnosisFixtures.CountingSlot;
import io.wsaudit.operator.proxy.ingressnginx.EffectiveSettings;
import io.wsaudit.operator.proxy.ingressnginx.Reload;
import io.wsaudit.operator.rules.IdleTimeout;
import io.wsaudit.operator.rules.Rules;
import io.wsaudit.operator.testing.ChatIngress;
import java.time.Duration;
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
 * The finding lifecycle as a table, without any Kubernetes server: each row is a policy, the last
 * status, the evidence and the patch slot; the new state and the actions are what it must give.
 */
class FindingLifecycleTest {

  static final String CPH = CONTROLLER.annotation(EffectiveSettings.CONNECTION_PROXY_HEADER);
  static final String UP = "UpstreamHttp10";
  static final String CHO = "ConnectionHeaderOverride";
  static final String IDLE = "IdleTimeout";
  static final String PRT = CONTROLLER.annotation(EffectiveSettings.PROXY_READ_TIMEOUT);
  static final String PST = CONTROLLER.annotation(EffectiveSettings.PROXY_SEND_TIMEOUT);
  static final Map<String, String> RAISED = Map.of(PRT, "3600", PST, "3600");
  static final Map<String, String> HTTP10 = Map.of(PHV, ProtocolVersion.HTTP_1_0);

  /** One row: no patchRules, an Ingress without annotations and no prior status, unless it says. */
  static final class Row extends DiagnosisRow<Row> {
    final String rule;
    List<String> patchRules = List.of();
    Map<String, String> annotations = Map.of();
    WebSocketAuditPolicyStatus prior;
    List<String> actions = List.of();
    boolean rateLimited;

    Row(String name, String rule, List<ConnectionRecord> evidence) {
      super(name, evidence);
      this.rule = rule;
    }

    Row on(Map<String, String> annotations) {
      this.annotations = annotations;
      return this;
    }

    Row patchRules(String... rules) {
      patchRules = List.of(rules);
      return this;
    }

    /** The controller's patch slot is taken: the status must say RateLimited. */
    @Override
    Row slotTaken() {
      rateLimited = true;
      return super.slotTaken();
    }

    Row after(WebSocketAuditPolicyStatus prior) {
      this.prior = prior;
      return this;
    }

    /** The finding's state and the actions about its rule, described. */
    Row expect(FindingState state, List<String> actions) {
      this.actions = actions;
      return expect(state, (String) null);
    }
  }

  static Stream<Row> rows() {
    var http10Failures = recentHttp10Failures();
    var http10AfterPatch = failed(ProtocolVersion.HTTP_1_0, 3, PATCHED_AT.plusSeconds(30));
    var cutAt60 = idleCut(3, 60_400, NOW.minusSeconds(90));
    var cutAt60AfterPatch = idleCut(3, 60_300, PATCHED_AT.plusSeconds(20));
    return Stream.of(
        new Row("Observe: Open, Events, no patch", UP, http10Failures)
            .observe()
            .on(HTTP10)
            .expect(FindingState.Open, warned(UP)),
        new Row("Enforce with a free slot: patch, Remediated", UP, http10Failures)
            .on(HTTP10)
            .expect(FindingState.Remediated, patched("proxy-http-version=1.1")),
        new Row("Enforce, slot taken: Open and RateLimited", UP, http10Failures)
            .on(HTTP10)
            .slotTaken()
            .expect(FindingState.Open, warned(UP)),
        new Row("Enforce, rule not in patchRules: Open", UP, http10Failures)
            .on(HTTP10)
            .patchRules(CHO)
            .expect(FindingState.Open, warned(UP)),
        new Row("Enforce, rule in patchRules: patch", UP, http10Failures)
            .on(HTTP10)
            .patchRules(UP)
            .expect(FindingState.Remediated, patched("proxy-http-version=1.1")),
        new Row("already 1.1: NotRemediable, never patched", UP, http10Failures)
            .expect(FindingState.NotRemediable, warned(UP)),
        new Row(
                "below minConnections: no finding",
                UP,
                failed(ProtocolVersion.HTTP_1_0, 2, NOW.minusSeconds(30)))
            .on(HTTP10),
        new Row(
                "outside the window: no finding",
                UP,
                failed(ProtocolVersion.HTTP_1_0, 3, NOW.minus(Duration.ofMinutes(6))))
            .on(HTTP10),
        new Row("Open stays Open without repeating Events", UP, http10Failures)
            .observe()
            .on(HTTP10)
            .after(withFinding(UP, FindingState.Open, false))
            .expect(FindingState.Open, List.of()),
        new Row(
                "Remediated, healthy 1.1 upgrades: Resolved",
                UP,
                healthy(3, PATCHED_AT.plusSeconds(10)))
            .after(withFinding(UP, FindingState.Remediated, true))
            .expect(FindingState.Resolved, RESOLVED),
        new Row(
                "Remediated, failures inside the grace period: still Remediated",
                UP,
                http10AfterPatch)
            .after(withFinding(UP, FindingState.Remediated, true))
            .expect(FindingState.Remediated, List.of()),
        new Row(
                "Remediated, failures past the grace period: Ineffective",
                UP,
                failed(ProtocolVersion.HTTP_1_0, 3, PATCHED_AT.plus(GRACE).plusSeconds(10)))
            .after(withFinding(UP, FindingState.Remediated, true))
            .expect(FindingState.Ineffective, INEFFECTIVE),
        new Row("Ineffective is final: no second patch", UP, http10Failures)
            .on(HTTP10)
            .after(withFinding(UP, FindingState.Ineffective, true))
            .expect(FindingState.Ineffective, List.of()),
        new Row(
                "a change recorded on the Ingress is adopted: Remediated, no patch",
                UP,
                http10AfterPatch)
            .on(recordedBy("audit", UP))
            .expect(FindingState.Remediated, List.of()),
        new Row(
                "connection-proxy-header without upgrade: the annotation is removed",
                CHO,
                failed(ProtocolVersion.HTTP_1_1, 3, NOW.minusSeconds(30)))
            .on(Map.of(CPH, "close"))
            .expect(FindingState.Remediated, patched("connection-proxy-header=null")),
        new Row("IdleTimeout, Enforce: both timeouts raised in one patch", IDLE, cutAt60)
            .expect(
                FindingState.Remediated,
                patched("proxy-read-timeout=3600,proxy-send-timeout=3600")),
        new Row("IdleTimeout, Observe: Open, no patch", IDLE, cutAt60)
            .observe()
            .expect(FindingState.Open, warned(IDLE)),
        new Row("IdleTimeout, slot taken: Open and RateLimited", IDLE, cutAt60)
            .slotTaken()
            .expect(FindingState.Open, warned(IDLE)),
        new Row(
                "IdleTimeout, silence of 30 s with nginx at 60 s: another hop, NotRemediable",
                IDLE,
                idleCut(3, 30_200, NOW.minusSeconds(90)))
            .expect(FindingState.NotRemediable, warned(IDLE)),
        new Row(
                "IdleTimeout, already at raiseTo: NotRemediable",
                IDLE,
                idleCut(3, 3_600_500, NOW.minusSeconds(90)))
            .on(RAISED)
            .expect(FindingState.NotRemediable, warned(IDLE)),
        new Row(
                "IdleTimeout, Remediated, quiet connections outlive the old timeout: Resolved",
                IDLE,
                idleCut(3, 300_000, PATCHED_AT.plusSeconds(1)))
            .on(RAISED)
            .after(idlePatched())
            .expect(FindingState.Resolved, RESOLVED),
        new Row(
                "IdleTimeout, Remediated, still cut at the old 60 s inside the grace: Remediated",
                IDLE,
                cutAt60AfterPatch)
            .on(RAISED)
            .after(idlePatched())
            .expect(FindingState.Remediated, List.of()),
        new Row(
                "IdleTimeout, Remediated, still cut at the old 60 s past the grace: Ineffective",
                IDLE,
                idleCut(3, 60_300, PATCHED_AT.plus(GRACE).plusSeconds(5)))
            .on(RAISED)
            .after(idlePatched())
            .expect(FindingState.Ineffective, INEFFECTIVE));
  }

  @Test
  void anIdleTimeoutPatchRecordsBothAnnotationsAsOnePatch() {
    Row enforce =
        rows().filter(r -> r.name.startsWith("IdleTimeout, Enforce")).findFirst().orElseThrow();
    Diagnosis.Result result = diagnose(enforce, new CountingSlot(true));
    Action.Patch patch = (Action.Patch) result.actions().get(0);
    assertThat(patch.changes())
        .extracting(Action.Patch.Change::record)
        .containsExactly(
            new AppliedChange(null, "3600", "audit", IDLE, NOW.toString()),
            new AppliedChange(null, "3600", "audit", IDLE, NOW.toString()));
    assertThat(result.status().getRemediations())
        .extracting(Remediation::getAnnotation, Remediation::getPreviousAbsent)
        .containsExactly(tuple(PRT, true), tuple(PST, true));
    assertThat(result.status().getRemediationCount()).as("one patch").isEqualTo(1);
    assertThat(patch.announce().get(0).message())
        .contains(
            "set "
                + PRT
                + " to \"3600\" (was absent) and set "
                + PST
                + " to \"3600\" (was absent)");

    WebSocketAuditPolicyStatus refused = Diagnosis.withoutFailedPatch(result.status(), patch);
    assertThat(refused.getRemediations()).as("both entries go with a refused patch").isEmpty();
  }

  @Test
  void anOutOfRangeIdleTimeoutPolicyIsRefusedInStatusAndNeverPatched() {
    Row enforce =
        rows().filter(r -> r.name.startsWith("IdleTimeout, Enforce")).findFirst().orElseThrow();
    WebSocketAuditPolicy policy = policy(enforce);
    policy.getSpec().getIdleTimeout().setRaiseTo(100_000L);
    CountingSlot slot = new CountingSlot(true);
    Diagnosis.Result result = diagnose(policy, enforce, slot);
    assertThat(find(result.status(), IDLE).getState()).isEqualTo(FindingState.NotRemediable);
    assertThat(result.actions()).noneMatch(a -> a instanceof Action.Patch);
    assertThat(slot.takes).isZero();
    var valid =
        result.status().getConditions().stream()
            .filter(c -> "PolicyValid".equals(c.getType()))
            .findFirst()
            .orElseThrow();
    assertThat(valid.getStatus()).isEqualTo("False");
    assertThat(valid.getReason()).isEqualTo("IdleTimeoutOutOfRange");
    assertThat(valid.getMessage()).contains("spec.idleTimeout.raiseTo 100000");
  }

  @Test
  void anIdleTimeoutRollbackRestoresBothAnnotations_absentMeansRemoved() {
    Map<String, String> a = new HashMap<>(RAISED);
    for (String setting :
        List.of(EffectiveSettings.PROXY_READ_TIMEOUT, EffectiveSettings.PROXY_SEND_TIMEOUT)) {
      a.put(AppliedChange.bookkeepingKey(setting), bookkeeping(null, "3600", "audit", IDLE));
    }
    List<Action> actions =
        new Rollbacks(CONTROLLER)
            .plan("audit", List.of(ChatIngress.annotated(a)), new IdleTimeout().patchedSettings());
    assertThat(actions)
        .map(DiagnosisFixtures::describe)
        .containsExactly(
            "rollback proxy-read-timeout restore", "rollback proxy-send-timeout restore");
    assertThat(actions).allMatch(r -> ((Action.Rollback) r).record().previous() == null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void transitions(Row row) {
    CountingSlot slot = new CountingSlot(row.slotFree);
    Diagnosis.Result result = diagnose(row, slot);

    Finding f = find(result.status(), row.rule);
    assertThat(f == null ? null : f.getState()).isEqualTo(row.expected);
    assertThat(flatten(result.actions()).stream().filter(a -> ruleOf(a, row.rule)))
        .map(DiagnosisFixtures::describe)
        .containsExactlyElementsOf(row.actions);
    assertThat(condition(result.status(), "RateLimited"))
        .isEqualTo(row.rateLimited ? "True" : "False");
    if (row.expected == FindingState.NotRemediable) {
      assertThat(slot.takes).as("NotRemediable never asks for the slot").isZero();
    }
    boolean patched = row.actions.stream().anyMatch(a -> a.startsWith("patch"));
    assertThat(
            result.status().getRemediations().stream()
                .filter(r -> r.getTime() != null)
                .filter(r -> NOW.toString().equals(r.getTime()))
                .map(Remediation::getTime)
                .distinct())
        .as("a patch is recorded in remediations exactly when it is asked for")
        .hasSize(patched ? 1 : 0);
  }

  @Test
  void patchRecordsThePreviousValueAndTheSentence() {
    Row enforce =
        rows().filter(r -> r.name.startsWith("Enforce with a free")).findFirst().orElseThrow();
    Diagnosis.Result result = diagnose(enforce, new CountingSlot(true));
    Action.Patch patch = (Action.Patch) result.actions().get(0);
    assertThat(patch.changes().get(0).record())
        .isEqualTo(new AppliedChange("1.0", "1.1", "audit", UP, NOW.toString()));
    Remediation r = result.status().getRemediations().get(0);
    assertThat(r.getAnnotation()).isEqualTo(PHV);
    assertThat(r.getPreviousValue()).isEqualTo("1.0");
    assertThat(r.getPreviousAbsent()).isFalse();
    assertThat(patch.announce().get(0).message())
        .contains("set " + PHV + " to \"1.1\" (was \"1.0\")", "worker-shutdown-timeout");
    assertThat(result.status().getRemediationCount()).isEqualTo(1);
    assertThat(result.status().getOpenFindings()).isZero();
  }

  @Test
  void aRefusedPatchLeavesTheFindingOpenAndWarnsInstead() {
    Row enforce =
        rows().filter(r -> r.name.startsWith("Enforce with a free")).findFirst().orElseThrow();
    Diagnosis.Result result = diagnose(enforce, new CountingSlot(true));
    Action.Patch patch = (Action.Patch) result.actions().get(0);

    WebSocketAuditPolicyStatus after = Diagnosis.withoutFailedPatch(result.status(), patch);

    assertThat(find(after, UP).getState()).isEqualTo(FindingState.Open);
    assertThat(after.getRemediations()).isEmpty();
    assertThat(after.getOpenFindings()).isEqualTo(1);
    assertThat(patch.ifFailed()).map(DiagnosisFixtures::describe).isEqualTo(warned(UP));
  }

  @Test
  void theBaseStatusIsNotChanged() {
    WebSocketAuditPolicyStatus prior = withFinding(UP, FindingState.Remediated, true);
    Row row =
        new Row("x", UP, healthy(3, PATCHED_AT.plusSeconds(10)))
            .after(prior)
            .expect(null, List.of());
    diagnose(row, new CountingSlot(true));
    assertThat(find(prior, UP).getState()).isEqualTo(FindingState.Remediated);
  }

  static Stream<Object[]> rollbackRows() {
    return Stream.of(
        new Object[] {
          "untouched since: restored",
          "1.1",
          "audit",
          List.of("rollback proxy-http-version restore", "Normal RolledBack Ingress")
        },
        new Object[] {
          "a person changed it: their value stays",
          "1.0",
          "audit",
          List.of("rollback proxy-http-version keep", "Warning RollbackSkipped Ingress")
        },
        new Object[] {"another policy's change: left alone", "1.1", "other", List.of()});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rollbackRows")
  void cleanupRollsBack(String name, String current, String recordedBy, List<String> expected) {
    Map<String, String> a = new HashMap<>(recordedBy(recordedBy, UP));
    a.put(PHV, current);
    List<Action> actions =
        new Rollbacks(CONTROLLER)
            .plan(
                "audit",
                List.of(ChatIngress.annotated(a)),
                List.of(
                    EffectiveSettings.PROXY_HTTP_VERSION,
                    EffectiveSettings.CONNECTION_PROXY_HEADER));
    List<String> described = new ArrayList<>();
    for (Action action : actions) {
      described.add(describe(action));
      if (action instanceof Action.Rollback r) {
        described.add(describe(r.announce()));
        assertThat(r.record().previous()).isNull();
      }
    }
    assertThat(described).isEqualTo(expected);
  }

  static Stream<Object[]> reloadRows() {
    Instant reload = NOW.minusSeconds(290);
    Instant dropped = reload.plusSeconds(240);
    return Stream.of(
        new Object[] {
          "drops of two Ingresses after a reload: NotRemediable, one Warning on the policy",
          List.of(new Reload(reload, "Ingress shop/news", false)),
          null,
          dropped,
          FindingState.NotRemediable,
          List.of("Warning ProxyReload WebSocketAuditPolicy")
        },
        new Object[] {
          "the same again: no repeated Event",
          List.of(new Reload(reload, "Ingress shop/news", false)),
          "repeat",
          dropped,
          FindingState.NotRemediable,
          List.of()
        },
        new Object[] {
          "no reload seen: no finding", List.<Reload>of(), null, dropped, null, List.of()
        },
        new Object[] {
          "drops long after the shutdown timeout: no finding",
          List.of(new Reload(reload.minusSeconds(900), "Ingress shop/news", false)),
          null,
          dropped,
          null,
          List.of()
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reloadRows")
  void proxyReloadIsOneFindingPerController(
      String name,
      List<Reload> reloads,
      String prior,
      Instant droppedAt,
      FindingState expected,
      List<String> actions) {
    Row observe = new Row(name, "x", List.of());
    WebSocketAuditPolicyStatus base = null;
    ControllerEvidence controller = new ControllerEvidence(reloads, Duration.ofSeconds(240));
    Diagnosis diagnosis = new Diagnosis(Rules.all(), CONTROLLER, GRACE);
    List<RouteEvidence> two =
        List.of(dropsOf("chat", droppedAt), dropsOf("feed", droppedAt.plusSeconds(2)));
    if (prior != null) {
      base =
          diagnosis
              .diagnose(policy(observe), null, two, controller, new CountingSlot(true), NOW)
              .status();
    }
    Diagnosis.Result result =
        diagnosis.diagnose(policy(observe), base, two, controller, new CountingSlot(true), NOW);
    Finding f = find(result.status(), "ProxyReload");
    assertThat(f == null ? null : f.getState()).isEqualTo(expected);
    assertThat(result.actions())
        .map(DiagnosisFixtures::describe)
        .containsExactlyElementsOf(actions);
    if (f != null) {
      assertThat(f.getIngress()).isNull();
      assertThat(f.getController()).isEqualTo("ingress-nginx/ingress-nginx-controller");
      assertThat(f.getConnections()).isEqualTo(4);
      assertThat(result.status().getFindings()).hasSize(1);
    }
  }

  // --- fixtures

  static Diagnosis.Result diagnose(Row row, PatchSlot slot) {
    return diagnose(policy(row), row, slot);
  }

  static WebSocketAuditPolicy policy(Row row) {
    WebSocketAuditPolicy policy = row.policy();
    policy.getSpec().setPatchRules(row.patchRules);
    return policy;
  }

  static Diagnosis.Result diagnose(WebSocketAuditPolicy policy, Row row, PatchSlot slot) {
    RouteEvidence evidence = ingressNginx(ChatIngress.annotated(row.annotations), row.evidence);
    return new Diagnosis(Rules.all(), CONTROLLER, GRACE)
        .diagnose(policy, row.prior, List.of(evidence), slot, NOW);
  }

  /** An IdleTimeout patch of both timeouts (both were absent), in the given state. */
  static WebSocketAuditPolicyStatus idlePatched() {
    WebSocketAuditPolicyStatus s = withFinding(IDLE, FindingState.Remediated, false);
    for (String annotation : List.of(PRT, PST)) {
      s.getRemediations()
          .add(
              StatusEntries.remediation(
                  "chat",
                  IDLE,
                  annotation,
                  new AppliedChange(null, "3600", "audit", IDLE, PATCHED_AT.toString())));
    }
    return s;
  }

  static Map<String, String> recordedBy(String policy, String rule) {
    return Map.of(
        PHV,
        ProtocolVersion.HTTP_1_1,
        AppliedChange.bookkeepingKey(EffectiveSettings.PROXY_HTTP_VERSION),
        bookkeeping(null, "1.1", policy, rule));
  }

  /** Three HTTP/1.0 upgrades rejected half a minute ago. */
  static List<ConnectionRecord> recentHttp10Failures() {
    return failed(ProtocolVersion.HTTP_1_0, 3, NOW.minusSeconds(30));
  }

  static boolean ruleOf(Action a, String rule) {
    if (a instanceof Action.Patch p) {
      return p.rule().equals(rule);
    }
    return a instanceof Action.Event e && e.subject().endsWith(rule);
  }
}
