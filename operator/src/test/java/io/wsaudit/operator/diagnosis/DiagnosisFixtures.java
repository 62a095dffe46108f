package io.wsaudit.operator.diagnosis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.ProtocolVersion;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.correlation.Route;
import io.wsaudit.operator.otlp.IdleEvidence;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.IdleTimeouts;
import io.wsaudit.operator.proxy.ingressnginx.EffectiveSettings;
import io.wsaudit.operator.testing.ChatIngress;
import io.wsaudit.operator.testing.Observations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the diagnosis tests build their inputs from and read their results with: the clock, the
 * policy "audit", the agent's evidence on the Ingress shop/chat, and one line per action.
 */
final class DiagnosisFixtures {

  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  static final Duration GRACE = Duration.ofMinutes(2);
  static final Instant PATCHED_AT = NOW.minus(Duration.ofMinutes(3));
  static final ControllerSettings CONTROLLER = ControllerSettings.defaults();
  static final String PHV = CONTROLLER.annotation(EffectiveSettings.PROXY_HTTP_VERSION);
  static final Route ROUTE = new Route("shop", "chat", "chat.example.com", "/ws");

  static final List<String> RESOLVED =
      List.of("Normal Resolved Ingress", "Normal Resolved WebSocketAuditPolicy");
  static final List<String> INEFFECTIVE =
      List.of(
          "Warning RemediationIneffective Ingress",
          "Warning RemediationIneffective WebSocketAuditPolicy");

  private DiagnosisFixtures() {}

  /** The policy shop/audit in {@code mode}; {@code proxies} null leaves spec.proxies default. */
  static WebSocketAuditPolicy policy(Mode mode, List<String> proxies) {
    WebSocketAuditPolicy policy = new WebSocketAuditPolicy();
    policy.setMetadata(
        new ObjectMetaBuilder().withName("audit").withNamespace("shop").withGeneration(1L).build());
    policy.getSpec().setMode(mode);
    if (proxies != null) {
      policy.getSpec().setProxies(proxies);
    }
    return policy;
  }

  /** ingress-nginx's evidence of shop/chat with these annotations and no ConfigMap. */
  static RouteEvidence ingressNginx(Ingress ingress, List<ConnectionRecord> evidence) {
    EffectiveSettings settings = new EffectiveSettings(CONTROLLER);
    return new RouteEvidence(
        ingress,
        evidence,
        settings.proxyHttpVersion(ingress, null),
        settings.connectionProxyHeader(ingress),
        settings.idleTimeouts(ingress, null));
  }

  /** A status with one finding on shop/chat; {@code patched}: its proxy-http-version patch too. */
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

  /** The JSON a patch of {@code previous} to {@code applied} records on the Ingress. */
  static String bookkeeping(String previous, String applied, String policy, String rule) {
    return "{\"previous\":"
        + (previous == null ? "null" : "\"" + previous + "\"")
        + ",\"applied\":\""
        + applied
        + "\",\"policy\":\""
        + policy
        + "\",\"rule\":\""
        + rule
        + "\",\"time\":\""
        + PATCHED_AT
        + "\"}";
  }

  // --- the agent's evidence

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

  /** Two connections of the Ingress {@code name} dropped by the transport at {@code at}. */
  static RouteEvidence dropsOf(String name, Instant at) {
    List<ConnectionRecord> out = new ArrayList<>();
    for (ConnectionRecord r : idleCut(2, 2_000, at.minusSeconds(600))) {
      out.add(r.withClose(r.close().withTime(at)));
    }
    Ingress ingress =
        new IngressBuilder(ChatIngress.annotated(Map.of()))
            .editMetadata()
            .withName(name)
            .endMetadata()
            .build();
    return new RouteEvidence(
        ingress,
        out,
        new EffectiveSettings(CONTROLLER).proxyHttpVersion(ingress, null),
        null,
        IdleTimeouts.defaults());
  }

  static List<ConnectionRecord> failed(String version, int n, Instant at) {
    return records(
        n, i -> record(version, WsAuditSpans.Outcome.REJECTED, at.plusMillis(i), "f" + i));
  }

  static List<ConnectionRecord> healthy(int n, Instant at) {
    return records(
        n,
        i ->
            record(
                ProtocolVersion.HTTP_1_1,
                WsAuditSpans.Outcome.UPGRADED,
                at.plusMillis(i),
                "h" + i));
  }

  private static List<ConnectionRecord> records(
      int n, java.util.function.IntFunction<ConnectionRecord> one) {
    List<ConnectionRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(one.apply(i));
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

  // --- reading the result

  /** A patch of {@code change} ({@code key=value,…}), then its two Remediated Events. */
  static List<String> patched(String change) {
    return List.of(
        "patch " + change, "Normal Remediated Ingress", "Normal Remediated WebSocketAuditPolicy");
  }

  static List<String> warned(String rule) {
    return List.of("Warning " + rule + " Ingress", "Warning " + rule + " WebSocketAuditPolicy");
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

  /** The actions (a patch, then the Events it announces), described, that name any of these. */
  static List<String> described(Diagnosis.Result result, String... words) {
    return flatten(result.actions()).stream()
        .map(DiagnosisFixtures::describe)
        .filter(d -> Stream.of(words).anyMatch(d::contains))
        .toList();
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

  /** A patch slot that is free or taken for good, and counts how often it was asked. */
  static final class CountingSlot implements PatchSlot {
    private final boolean free;
    int takes;

    CountingSlot(boolean free) {
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
