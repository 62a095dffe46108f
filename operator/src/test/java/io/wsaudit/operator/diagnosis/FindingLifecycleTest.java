package io.wsaudit.operator.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.ProtocolVersion;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.Remediation;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.correlation.Route;
import io.wsaudit.operator.otlp.IdleEvidence;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.IdleTimeouts;
import io.wsaudit.operator.proxy.ingressnginx.EffectiveSettings;
import io.wsaudit.operator.proxy.ingressnginx.Reload;
import io.wsaudit.operator.rules.IdleTimeout;
import io.wsaudit.operator.rules.Rules;
import io.wsaudit.operator.testing.Observations;
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

  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  static final Duration GRACE = Duration.ofMinutes(2);
  static final Instant PATCHED_AT = NOW.minus(Duration.ofMinutes(3));
  static final ControllerSettings CONTROLLER = ControllerSettings.defaults();
  static final String PHV = CONTROLLER.annotation(EffectiveSettings.PROXY_HTTP_VERSION);
  static final String CPH = CONTROLLER.annotation(EffectiveSettings.CONNECTION_PROXY_HEADER);
  static final String UP = "UpstreamHttp10";
  static final String CHO = "ConnectionHeaderOverride";
  static final String IDLE = "IdleTimeout";
  static final String PRT = CONTROLLER.annotation(EffectiveSettings.PROXY_READ_TIMEOUT);
  static final String PST = CONTROLLER.annotation(EffectiveSettings.PROXY_SEND_TIMEOUT);
  static final Map<String, String> RAISED = Map.of(PRT, "3600", PST, "3600");
  static final Route ROUTE = new Route("shop", "chat", "chat.example.com", "/ws");

  /** One row: given these, expect that. */
  record Row(
      String name,
      Mode mode,
      List<String> patchRules,
      Map<String, String> annotations,
      WebSocketAuditPolicyStatus prior,
      List<ConnectionRecord> evidence,
      boolean slotFree,
      String rule,
      FindingState expected,
      List<String> actions,
      boolean rateLimited) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Row> rows() {
    var http10 = Map.of(PHV, ProtocolVersion.HTTP_1_0);
    return Stream.of(
        new Row(
            "Observe: Open, Events, no patch",
            Mode.Observe,
            List.of(),
            http10,
            null,
            recentHttp10Failures(),
            true,
            UP,
            FindingState.Open,
            warned(UP),
            false),
        new Row(
            "Enforce with a free slot: patch, Remediated",
            Mode.Enforce,
            List.of(),
            http10,
            null,
            recentHttp10Failures(),
            true,
            UP,
            FindingState.Remediated,
            patched("proxy-http-version=1.1"),
            false),
        new Row(
            "Enforce, slot taken: Open and RateLimited",
            Mode.Enforce,
            List.of(),
            http10,
            null,
            recentHttp10Failures(),
            false,
            UP,
            FindingState.Open,
            warned(UP),
            true),
        new Row(
            "Enforce, rule not in patchRules: Open",
            Mode.Enforce,
            List.of(CHO),
            http10,
            null,
            recentHttp10Failures(),
            true,
            UP,
            FindingState.Open,
            warned(UP),
            false),
        new Row(
            "Enforce, rule in patchRules: patch",
            Mode.Enforce,
            List.of(UP),
            http10,
            null,
            recentHttp10Failures(),
            true,
            UP,
            FindingState.Remediated,
            patched("proxy-http-version=1.1"),
            false),
        new Row(
            "already 1.1: NotRemediable, never patched",
            Mode.Enforce,
            List.of(),
            Map.of(),
            null,
            recentHttp10Failures(),
            true,
            UP,
            FindingState.NotRemediable,
            warned(UP),
            false),
        new Row(
            "below minConnections: no finding",
            Mode.Enforce,
            List.of(),
            http10,
            null,
            failed(ProtocolVersion.HTTP_1_0, 2, NOW.minusSeconds(30)),
            true,
            UP,
            null,
            List.of(),
            false),
        new Row(
            "outside the window: no finding",
            Mode.Enforce,
            List.of(),
            http10,
            null,
            failed(ProtocolVersion.HTTP_1_0, 3, NOW.minus(Duration.ofMinutes(6))),
            true,
            UP,
            null,
            List.of(),
            false),
        new Row(
            "Open stays Open without repeating Events",
            Mode.Observe,
            List.of(),
            http10,
            withFinding(UP, FindingState.Open, false),
            recentHttp10Failures(),
            true,
            UP,
            FindingState.Open,
            List.of(),
            false),
        new Row(
            "Remediated, healthy 1.1 upgrades: Resolved",
            Mode.Enforce,
            List.of(),
            Map.of(),
            withFinding(UP, FindingState.Remediated, true),
            healthy(3, PATCHED_AT.plusSeconds(10)),
            true,
            UP,
            FindingState.Resolved,
            RESOLVED,
            false),
        new Row(
            "Remediated, failures inside the grace period: still Remediated",
            Mode.Enforce,
            List.of(),
            Map.of(),
            withFinding(UP, FindingState.Remediated, true),
            failed(ProtocolVersion.HTTP_1_0, 3, PATCHED_AT.plusSeconds(30)),
            true,
            UP,
            FindingState.Remediated,
            List.of(),
            false),
        new Row(
            "Remediated, failures past the grace period: Ineffective",
            Mode.Enforce,
            List.of(),
            Map.of(),
            withFinding(UP, FindingState.Remediated, true),
            failed(ProtocolVersion.HTTP_1_0, 3, PATCHED_AT.plus(GRACE).plusSeconds(10)),
            true,
            UP,
            FindingState.Ineffective,
            INEFFECTIVE,
            false),
        new Row(
            "Ineffective is final: no second patch",
            Mode.Enforce,
            List.of(),
            http10,
            withFinding(UP, FindingState.Ineffective, true),
            recentHttp10Failures(),
            true,
            UP,
            FindingState.Ineffective,
            List.of(),
            false),
        new Row(
            "a change recorded on the Ingress is adopted: Remediated, no patch",
            Mode.Enforce,
            List.of(),
            recordedBy("audit", UP),
            null,
            failed(ProtocolVersion.HTTP_1_0, 3, PATCHED_AT.plusSeconds(30)),
            true,
            UP,
            FindingState.Remediated,
            List.of(),
            false),
        new Row(
            "connection-proxy-header without upgrade: the annotation is removed",
            Mode.Enforce,
            List.of(),
            Map.of(CPH, "close"),
            null,
            failed(ProtocolVersion.HTTP_1_1, 3, NOW.minusSeconds(30)),
            true,
            CHO,
            FindingState.Remediated,
            patched("connection-proxy-header=null"),
            false),
        new Row(
            "IdleTimeout, Enforce: both timeouts raised in one patch",
            Mode.Enforce,
            List.of(),
            Map.of(),
            null,
            idleCut(3, 60_400, NOW.minusSeconds(90)),
            true,
            IDLE,
            FindingState.Remediated,
            patched("proxy-read-timeout=3600,proxy-send-timeout=3600"),
            false),
        new Row(
            "IdleTimeout, Observe: Open, no patch",
            Mode.Observe,
            List.of(),
            Map.of(),
            null,
            idleCut(3, 60_400, NOW.minusSeconds(90)),
            true,
            IDLE,
            FindingState.Open,
            warned(IDLE),
            false),
        new Row(
            "IdleTimeout, slot taken: Open and RateLimited",
            Mode.Enforce,
            List.of(),
            Map.of(),
            null,
            idleCut(3, 60_400, NOW.minusSeconds(90)),
            false,
            IDLE,
            FindingState.Open,
            warned(IDLE),
            true),
        new Row(
            "IdleTimeout, silence of 30 s with nginx at 60 s: another hop, NotRemediable",
            Mode.Enforce,
            List.of(),
            Map.of(),
            null,
            idleCut(3, 30_200, NOW.minusSeconds(90)),
            true,
            IDLE,
            FindingState.NotRemediable,
            warned(IDLE),
            false),
        new Row(
            "IdleTimeout, already at raiseTo: NotRemediable",
            Mode.Enforce,
            List.of(),
            RAISED,
            null,
            idleCut(3, 3_600_500, NOW.minusSeconds(90)),
            true,
            IDLE,
            FindingState.NotRemediable,
            warned(IDLE),
            false),
        new Row(
            "IdleTimeout, Remediated, quiet connections outlive the old timeout: Resolved",
            Mode.Enforce,
            List.of(),
            RAISED,
            idlePatched(),
            idleCut(3, 300_000, PATCHED_AT.plusSeconds(1)),
            true,
            IDLE,
            FindingState.Resolved,
            RESOLVED,
            false),
        new Row(
            "IdleTimeout, Remediated, still cut at the old 60 s inside the grace: Remediated",
            Mode.Enforce,
            List.of(),
            RAISED,
            idlePatched(),
            idleCut(3, 60_300, PATCHED_AT.plusSeconds(20)),
            true,
            IDLE,
            FindingState.Remediated,
            List.of(),
            false),
        new Row(
            "IdleTimeout, Remediated, still cut at the old 60 s past the grace: Ineffective",
            Mode.Enforce,
            List.of(),
            RAISED,
            idlePatched(),
            idleCut(3, 60_300, PATCHED_AT.plus(GRACE).plusSeconds(5)),
            true,
            IDLE,
            FindingState.Ineffective,
            INEFFECTIVE,
            false));
  }

  @Test
  void anIdleTimeoutPatchRecordsBothAnnotationsAsOnePatch() {
    Row enforce =
        rows().filter(r -> r.name().startsWith("IdleTimeout, Enforce")).findFirst().orElseThrow();
    Diagnosis.Result result = diagnose(enforce, new FakeSlot(true));
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
        rows().filter(r -> r.name().startsWith("IdleTimeout, Enforce")).findFirst().orElseThrow();
    WebSocketAuditPolicy policy = policy(enforce);
    policy.getSpec().getIdleTimeout().setRaiseTo(100_000L);
    FakeSlot slot = new FakeSlot(true);
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
      a.put(
          AppliedChange.bookkeepingKey(setting),
          "{\"previous\":null,\"applied\":\"3600\",\"policy\":\"audit\",\"rule\":\""
              + IDLE
              + "\",\"time\":\""
              + PATCHED_AT
              + "\"}");
    }
    List<Action> actions =
        new Rollbacks(CONTROLLER)
            .plan("audit", List.of(ingress(a)), new IdleTimeout().patchedSettings());
    assertThat(actions)
        .map(FindingLifecycleTest::describe)
        .containsExactly(
            "rollback proxy-read-timeout restore", "rollback proxy-send-timeout restore");
    assertThat(actions).allMatch(r -> ((Action.Rollback) r).record().previous() == null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void transitions(Row row) {
    FakeSlot slot = new FakeSlot(row.slotFree());
    Diagnosis.Result result = diagnose(row, slot);

    Finding f = find(result.status(), row.rule());
    assertThat(f == null ? null : f.getState()).isEqualTo(row.expected());
    assertThat(flatten(result.actions()).stream().filter(a -> ruleOf(a, row.rule())))
        .map(FindingLifecycleTest::describe)
        .containsExactlyElementsOf(row.actions());
    assertThat(condition(result.status(), "RateLimited"))
        .isEqualTo(row.rateLimited() ? "True" : "False");
    if (row.expected() == FindingState.NotRemediable) {
      assertThat(slot.takes).as("NotRemediable never asks for the slot").isZero();
    }
    boolean patched = row.actions().stream().anyMatch(a -> a.startsWith("patch"));
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
        rows().filter(r -> r.name().startsWith("Enforce with a free")).findFirst().orElseThrow();
    Diagnosis.Result result = diagnose(enforce, new FakeSlot(true));
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
        rows().filter(r -> r.name().startsWith("Enforce with a free")).findFirst().orElseThrow();
    Diagnosis.Result result = diagnose(enforce, new FakeSlot(true));
    Action.Patch patch = (Action.Patch) result.actions().get(0);

    WebSocketAuditPolicyStatus after = Diagnosis.withoutFailedPatch(result.status(), patch);

    assertThat(find(after, UP).getState()).isEqualTo(FindingState.Open);
    assertThat(after.getRemediations()).isEmpty();
    assertThat(after.getOpenFindings()).isEqualTo(1);
    assertThat(patch.ifFailed()).map(FindingLifecycleTest::describe).isEqualTo(warned(UP));
  }

  @Test
  void theBaseStatusIsNotChanged() {
    WebSocketAuditPolicyStatus prior = withFinding(UP, FindingState.Remediated, true);
    Row row =
        new Row(
            "x",
            Mode.Enforce,
            List.of(),
            Map.of(),
            prior,
            healthy(3, PATCHED_AT.plusSeconds(10)),
            true,
            UP,
            null,
            List.of(),
            false);
    diagnose(row, new FakeSlot(true));
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
                List.of(ingress(a)),
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
    Row observe =
        new Row(
            name,
            Mode.Enforce,
            List.of(),
            Map.of(),
            null,
            List.of(),
            true,
            "x",
            null,
            List.of(),
            false);
    WebSocketAuditPolicyStatus base = null;
    ControllerEvidence controller = new ControllerEvidence(reloads, Duration.ofSeconds(240));
    Diagnosis diagnosis = new Diagnosis(Rules.all(), CONTROLLER, GRACE);
    List<RouteEvidence> two =
        List.of(dropsOf("chat", droppedAt), dropsOf("feed", droppedAt.plusSeconds(2)));
    if (prior != null) {
      base =
          diagnosis
              .diagnose(policy(observe), null, two, controller, new FakeSlot(true), NOW)
              .status();
    }
    Diagnosis.Result result =
        diagnosis.diagnose(policy(observe), base, two, controller, new FakeSlot(true), NOW);
    Finding f = find(result.status(), "ProxyReload");
    assertThat(f == null ? null : f.getState()).isEqualTo(expected);
    assertThat(result.actions())
        .map(FindingLifecycleTest::describe)
        .containsExactlyElementsOf(actions);
    if (f != null) {
      assertThat(f.getIngress()).isNull();
      assertThat(f.getController()).isEqualTo("ingress-nginx/ingress-nginx-controller");
      assertThat(f.getConnections()).isEqualTo(4);
      assertThat(result.status().getFindings()).hasSize(1);
    }
  }

  /** Two connections of this Ingress dropped by the transport at {@code at}, after 2 s of quiet. */
  static RouteEvidence dropsOf(String name, Instant at) {
    List<ConnectionRecord> out = new ArrayList<>();
    for (ConnectionRecord r : idleCut(2, 2_000, at.minusSeconds(600))) {
      out.add(r.withClose(r.close().withTime(at)));
    }
    Ingress ingress =
        new IngressBuilder(ingress(Map.of())).editMetadata().withName(name).endMetadata().build();
    return new RouteEvidence(
        ingress,
        out,
        new EffectiveSettings(CONTROLLER).proxyHttpVersion(ingress, null),
        null,
        IdleTimeouts.defaults());
  }

  // --- fixtures

  static Diagnosis.Result diagnose(Row row, PatchSlot slot) {
    return diagnose(policy(row), row, slot);
  }

  static WebSocketAuditPolicy policy(Row row) {
    WebSocketAuditPolicy policy = new WebSocketAuditPolicy();
    policy.setMetadata(
        new ObjectMetaBuilder().withName("audit").withNamespace("shop").withGeneration(1L).build());
    policy.getSpec().setMode(row.mode());
    policy.getSpec().setPatchRules(row.patchRules());
    return policy;
  }

  static Diagnosis.Result diagnose(WebSocketAuditPolicy policy, Row row, PatchSlot slot) {
    Ingress ingress = ingress(row.annotations());
    EffectiveSettings settings = new EffectiveSettings(CONTROLLER);
    RouteEvidence evidence =
        new RouteEvidence(
            ingress,
            row.evidence(),
            settings.proxyHttpVersion(ingress, null),
            settings.connectionProxyHeader(ingress),
            settings.idleTimeouts(ingress, null));
    return new Diagnosis(Rules.all(), CONTROLLER, GRACE)
        .diagnose(policy, row.prior(), List.of(evidence), slot, NOW);
  }

  static Ingress ingress(Map<String, String> annotations) {
    return new IngressBuilder()
        .withNewMetadata()
        .withName("chat")
        .withNamespace("shop")
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }

  static WebSocketAuditPolicyStatus withFinding(String rule, FindingState state, boolean patched) {
    WebSocketAuditPolicyStatus s = new WebSocketAuditPolicyStatus();
    Finding f = new Finding();
    f.setIngress("chat");
    f.setRule(rule);
    f.setState(state);
    s.getFindings().add(f);
    if (patched) {
      s.getRemediations()
          .add(
              StatusEntries.remediation(
                  "chat",
                  rule,
                  PHV,
                  new AppliedChange("1.0", "1.1", "audit", rule, PATCHED_AT.toString())));
    }
    return s;
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

  /** n connections cut without a close frame after the server was quiet for {@code sentMs}. */
  static List<ConnectionRecord> idleCut(int n, long sentMs, Instant at) {
    List<ConnectionRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ConnectionRecord r =
          record(
              ProtocolVersion.HTTP_1_1, WsAuditSpans.Outcome.UPGRADED, at.plusMillis(i), "i" + i);
      out.add(
          r.withClose(
              Observations.close(
                  r.traceId(),
                  ProtocolVersion.HTTP_1_1,
                  (long) WsAuditSpans.ABNORMAL_CLOSE_CODE,
                  WsAuditSpans.Initiator.TRANSPORT,
                  WsAuditSpans.Cause.EOF,
                  sentMs + 1_000,
                  false,
                  new IdleEvidence(sentMs, sentMs, false),
                  at.plusMillis(sentMs + 1_000))));
    }
    return out;
  }

  static Map<String, String> recordedBy(String policy, String rule) {
    return Map.of(
        PHV,
        ProtocolVersion.HTTP_1_1,
        AppliedChange.bookkeepingKey(EffectiveSettings.PROXY_HTTP_VERSION),
        "{\"previous\":null,\"applied\":\"1.1\",\"policy\":\""
            + policy
            + "\",\"rule\":\""
            + rule
            + "\",\"time\":\""
            + PATCHED_AT
            + "\"}");
  }

  static List<ConnectionRecord> failed(String version, int n, Instant at) {
    List<ConnectionRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(record(version, WsAuditSpans.Outcome.REJECTED, at.plusMillis(i), "f" + i));
    }
    return out;
  }

  static List<ConnectionRecord> healthy(int n, Instant at) {
    List<ConnectionRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          record(
              ProtocolVersion.HTTP_1_1, WsAuditSpans.Outcome.UPGRADED, at.plusMillis(i), "h" + i));
    }
    return out;
  }

  static ConnectionRecord record(String version, String outcome, Instant at, String trace) {
    boolean rejected = WsAuditSpans.Outcome.REJECTED.equals(outcome);
    return new ConnectionRecord(
        ROUTE,
        trace,
        Observations.handshake(
            trace,
            version,
            outcome,
            rejected ? WsAuditSpans.Rejection.HTTP_VERSION : null,
            rejected ? 400L : 101L,
            rejected ? null : true,
            at),
        null);
  }

  static final List<String> RESOLVED =
      List.of("Normal Resolved Ingress", "Normal Resolved WebSocketAuditPolicy");
  static final List<String> INEFFECTIVE =
      List.of(
          "Warning RemediationIneffective Ingress",
          "Warning RemediationIneffective WebSocketAuditPolicy");

  /** A patch of {@code change} ({@code key=value,…}), then its two Remediated Events. */
  static List<String> patched(String change) {
    return List.of(
        "patch " + change, "Normal Remediated Ingress", "Normal Remediated WebSocketAuditPolicy");
  }

  /** Three HTTP/1.0 upgrades rejected half a minute ago. */
  static List<ConnectionRecord> recentHttp10Failures() {
    return failed(ProtocolVersion.HTTP_1_0, 3, NOW.minusSeconds(30));
  }

  static List<String> warned(String rule) {
    return List.of("Warning " + rule + " Ingress", "Warning " + rule + " WebSocketAuditPolicy");
  }

  static boolean ruleOf(Action a, String rule) {
    if (a instanceof Action.Patch p) {
      return p.rule().equals(rule);
    }
    return a instanceof Action.Event e && e.subject().endsWith(rule);
  }

  static String describe(Action a) {
    if (a instanceof Action.Patch p) {
      return "patch "
          + String.join(
              ",",
              p.changes().stream()
                  .map(c -> c.change().settingKey() + "=" + c.change().value())
                  .toList());
    }
    if (a instanceof Action.Rollback r) {
      return "rollback " + r.settingKey() + (r.restore() ? " restore" : " keep");
    }
    Action.Event e = (Action.Event) a;
    HasMetadata on = e.involved();
    return e.type() + " " + e.reason() + " " + on.getKind();
  }

  /** A patch, then the Events it announces once made. */
  static List<Action> flatten(List<Action> actions) {
    List<Action> out = new ArrayList<>();
    for (Action a : actions) {
      out.add(a);
      if (a instanceof Action.Patch p) {
        out.addAll(p.announce());
      }
    }
    return out;
  }

  static Finding find(WebSocketAuditPolicyStatus s, String rule) {
    return s.getFindings().stream().filter(f -> rule.equals(f.getRule())).findFirst().orElse(null);
  }

  static String condition(WebSocketAuditPolicyStatus s, String type) {
    return s.getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow()
        .getStatus();
  }

  static final class FakeSlot implements PatchSlot {
    private final boolean free;
    int takes;

    FakeSlot(boolean free) {
      this.free = free;
    }

    @Override
    public boolean tryTake(Instant now) {
      takes++;
      return free;
    }

    @Override
    public Instant next() {
      return NOW.plus(Duration.ofMinutes(10));
    }
  }
}
