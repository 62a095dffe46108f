package io.wsaudit.operator.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.correlation.EvidenceStore;
import io.wsaudit.operator.correlation.Route;
import io.wsaudit.operator.otlp.HandshakeObservation;
import io.wsaudit.operator.otlp.ProxyObservation;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.ingressnginx.EffectiveSettings;
import io.wsaudit.operator.proxy.nginx.log.LogSignal;
import io.wsaudit.operator.proxylog.ProxyLogReport;
import io.wsaudit.operator.rules.Rules;
import io.wsaudit.operator.testing.Observations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The rules on the proxy's log: R1, R2 and R3 from access (and error) lines alone, one count per
 * connection the agent and the proxy both saw, findings that say where their evidence came from,
 * and the status about the controller's log format.
 */
class ProxyEvidenceDiagnosisTest {

  static final Instant NOW = Instant.parse("2026-12-02T05:00:00Z");
  static final ControllerSettings CONTROLLER = ControllerSettings.defaults();
  static final Route ROUTE = new Route("shop", "chat", "chat.example.com", "/");
  static final String PREFIX = "nginx.ingress.kubernetes.io/";

  @Test
  void r1FromTheProxysLogAlone_theSettingSaysTheVersion() {
    List<ConnectionRecord> lines = proxyOnly(3, i -> proxy("req-" + i, 101, 3L, true));
    Finding f = finding(Map.of(PREFIX + "proxy-http-version", "1.0"), lines, "UpstreamHttp10");
    assertThat(f.getState()).isEqualTo(FindingState.Open);
    assertThat(f.getConnections()).isEqualTo(3);
    assertThat(f.getEvidence().getProxyLog()).isEqualTo(3);
    assertThat(f.getEvidence().getAgent()).isZero();
    assertThat(f.getSampleTraceIds()).isEmpty();
    assertThat(f.getSampleRequestIds()).containsExactlyInAnyOrder("req-0", "req-1", "req-2");
    assertThat(f.getExplanation())
        .contains(
            "proxy-http-version: \"1.0\"",
            "The proxy's log cannot say which HTTP version nginx spoke upstream",
            "All 3 were seen only by ingress-nginx (its log or its own spans)",
            "not instrumented",
            "keep-alive, who closed the connection, idle time per direction");
    assertThat(diagnose(Map.of(), lines, ProxyLogReport.none()).getFindings())
        .as("at the default 1.1 the proxy's log alone names no cause")
        .isEmpty();
  }

  @Test
  void r2FromRejectedUpgradesInTheProxysLog() {
    List<ConnectionRecord> lines = proxyOnly(3, i -> proxy("req-" + i, 400, 2L, true));
    Finding f =
        finding(
            Map.of(PREFIX + "connection-proxy-header", "close"), lines, "ConnectionHeaderOverride");
    assertThat(f.getConnections()).isEqualTo(3);
    assertThat(f.getExplanation()).contains("remove that annotation", "not instrumented");
  }

  @Test
  void r3CutByNginxWhenTheErrorLogSaysSo_unjudgeableWithoutIt() {
    List<ConnectionRecord> cut =
        proxyOnly(3, i -> proxy("req-" + i, 101, 60_100L, true).withTimedOut());
    Finding f = finding(Map.of(), cut, "IdleTimeout");
    assertThat(f.getState()).isEqualTo(FindingState.Open);
    assertThat(f.getExplanation())
        .contains(
            "sent nothing for 60.0 s",
            "its error log says nginx's idle timer fired",
            "proxy-read-timeout (60 s, the ingress-nginx default)");

    List<ConnectionRecord> bare = proxyOnly(3, i -> proxy("req-" + i, 101, 60_100L, true));
    Finding blind = finding(Map.of(), bare, "IdleTimeout");
    assertThat(blind.getState()).isEqualTo(FindingState.NotRemediable);
    assertThat(blind.getExplanation())
        .contains("only the proxy saw them (its access log or its spans)", "error log sent too")
        .doesNotContain("update the agent");
  }

  @Test
  void connectionsTheAgentAndTheProxySawAreCountedOnce_andTheFindingSaysBoth() {
    EvidenceStore store = new EvidenceStore(Duration.ofHours(1), 100);
    for (int i = 0; i < 3; i++) {
      HandshakeObservation h = handshake("trace-" + i, "req-" + i);
      store.upsertJoined(
          "trace-" + i + "/c",
          h.requestId(),
          ROUTE,
          r -> r.withHandshake(h),
          new ConnectionRecord(ROUTE, h.traceId(), h, null));
    }
    for (int i = 0; i < 4; i++) {
      ProxyObservation p = proxy("req-" + i, 101, 3L, true);
      store.upsertJoined(
          EvidenceStore.PROXY_KEY_PREFIX + p.requestId(),
          p.requestId(),
          ROUTE,
          r -> r.withProxy(p),
          ConnectionRecord.ofProxy(ROUTE, p));
    }
    List<ConnectionRecord> records = store.since(ROUTE.ingressKey(), Instant.EPOCH);
    assertThat(records).hasSize(4);
    Finding f = finding(Map.of(PREFIX + "proxy-http-version", "1.0"), records, "UpstreamHttp10");
    assertThat(f.getConnections()).isEqualTo(4);
    assertThat(f.getEvidence().getBoth()).isEqualTo(3);
    assertThat(f.getEvidence().getProxyLog()).isEqualTo(1);
    assertThat(f.getSampleTraceIds()).hasSize(3);
    assertThat(f.getSampleRequestIds()).hasSize(4);
    assertThat(f.getExplanation())
        .contains(
            "3 of these 4 were seen by both the wsaudit agent and ingress-nginx",
            "counted once",
            "1 of these 4 were seen only by ingress-nginx");
  }

  @Test
  void theStatusSaysWhatTheFormatCannotGiveAndWhichLinesDidNotParse() {
    ProxyLogReport report =
        new ProxyLogReport(
            NOW.minusSeconds(5),
            10,
            Set.of(LogSignal.UPGRADE, LogSignal.REQUEST_ID),
            null,
            Map.of("missing_field", 2L),
            "garbage line");
    WebSocketAuditPolicyStatus s = diagnose(Map.of(), List.of(), report);
    Condition c = condition(s);
    assertThat(c.getStatus()).isEqualTo("True");
    assertThat(c.getReason()).isEqualTo("FormatIncomplete");
    assertThat(c.getMessage())
        .contains("add $req_id $http_upgrade to log-format-upstream", "2 line(s) did not parse");
    assertThat(s.getProxyLogs().getMissingSignals())
        .containsExactly(
            "$req_id: " + LogSignal.REQUEST_ID.gives(),
            "$http_upgrade: " + LogSignal.UPGRADE.gives());
    assertThat(s.getProxyLogs().getUnparsed()).containsEntry("missing_field", 2L);
    assertThat(s.getProxyLogs().getUnparsedSample()).isEqualTo("garbage line");
    assertThat(s.getProxyLogs().getLastLineSeen()).isEqualTo("2026-12-02T04:59:00Z");
  }

  @Test
  void noProxyLogsIsSaidCalmly() {
    WebSocketAuditPolicyStatus s = diagnose(Map.of(), List.of(), ProxyLogReport.none());
    Condition c = condition(s);
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo("NoProxyLogs");
    assertThat(c.getMessage()).startsWith("no proxy logs received; see docs/cluster.md");
    assertThat(s.getProxyLogs()).isNull();
  }

  // --- fixtures

  static Finding finding(
      Map<String, String> annotations, List<ConnectionRecord> evidence, String rule) {
    WebSocketAuditPolicyStatus s = diagnose(annotations, evidence, ProxyLogReport.none());
    assertThat(s.getFindings()).extracting(Finding::getRule).containsExactly(rule);
    return s.getFindings().get(0);
  }

  static WebSocketAuditPolicyStatus diagnose(
      Map<String, String> annotations, List<ConnectionRecord> evidence, ProxyLogReport report) {
    Ingress ingress = io.wsaudit.operator.testing.ChatIngress.annotated(annotations);
    EffectiveSettings settings = new EffectiveSettings(CONTROLLER);
    RouteEvidence ie =
        new RouteEvidence(
            ingress,
            evidence,
            settings.proxyHttpVersion(ingress, null),
            settings.connectionProxyHeader(ingress),
            settings.idleTimeouts(ingress, null));
    WebSocketAuditPolicy policy = new WebSocketAuditPolicy();
    policy.setMetadata(
        new ObjectMetaBuilder().withName("audit").withNamespace("shop").withGeneration(1L).build());
    ControllerEvidence controller =
        new ControllerEvidence(List.of(), Duration.ofSeconds(240), report);
    return new Diagnosis(Rules.all(), CONTROLLER, Duration.ofMinutes(2))
        .diagnose(policy, null, List.of(ie), controller, new FreeSlot(), NOW)
        .status();
  }

  static Condition condition(WebSocketAuditPolicyStatus s) {
    return s.getConditions().stream()
        .filter(c -> "ProxyLogs".equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  static List<ConnectionRecord> proxyOnly(int n, IntFunction<ProxyObservation> line) {
    List<ConnectionRecord> out = new ArrayList<>();
    IntStream.range(0, n).forEach(i -> out.add(ConnectionRecord.ofProxy(ROUTE, line.apply(i))));
    return out;
  }

  static ProxyObservation proxy(String requestId, int status, Long lifetimeMs, Boolean upgrade) {
    return Observations.proxy(requestId, status, lifetimeMs, upgrade, NOW.minusSeconds(30));
  }

  static HandshakeObservation handshake(String traceId, String requestId) {
    return Observations.upgraded(traceId, "1.0", requestId, NOW.minusSeconds(31));
  }

  static final class FreeSlot implements PatchSlot {
    @Override
    public boolean tryTake(Instant now) {
      return true;
    }

    @Override
    public Instant next() {
      return NOW;
    }
  }
}
