package io.wsaudit.e2e.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.e2e.AgentApps;
import io.wsaudit.e2e.Outcomes;
import io.wsaudit.e2e.Timeline;
import io.wsaudit.e2e.client.WsProbe;
import io.wsaudit.e2e.stage.Driver;
import io.wsaudit.e2e.stage.Driver.Attempt;
import io.wsaudit.e2e.stage.Stage;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.rules.IdleTimeout;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The loop through a real haproxy: an Ingress of class {@code haproxy} rendered by the HAProxy
 * Ingress model in front of the Undertow echo app with the agent, the operator run with {@code
 * --proxy haproxy} and a policy in Enforce that enables {@code haproxy}. With the ConfigMap's
 * {@code timeout-tunnel: "0"} the Ingress's {@code haproxy.org/timeout-server: "3s"} cuts idle
 * clients at 3 s; the operator raises it to {@code 1h}, the model re-renders and reloads haproxy,
 * new idle clients live 10 s and the finding is Resolved. With a short ConfigMap {@code
 * timeout-tunnel} instead, the same cuts get a report naming that key and no patch.
 */
class HaproxyIdleTimeoutLoopTest {

  static final String TS = "haproxy.org/timeout-server";
  private static final Duration IDLE_HOLD = Duration.ofMillis(10_500);

  @RegisterExtension static final AgentApps apps = AgentApps.undertow("chat").behindHaproxy();
  private static Stage.App chat;

  private final Timeline timeline = new Timeline(System.out);

  @BeforeAll
  static void startApp() {
    chat = apps.app("chat");
  }

  @AfterEach
  void detach() {
    apps.detach();
  }

  @Test
  void enforceRaisesTimeoutServerAndNewIdleConnectionsSurvive() throws Exception {
    Map<String, String> tunnelOff = Map.of("timeout-tunnel", "0", "timeout-client", "1h");
    try (Stage stage = started(Map.of(TS, "3s"), tunnelOff);
        Driver driver = new Driver(stage, apps.tap(), timeline)) {
      assertThat(stage.haproxy().current().backends())
          .singleElement()
          .extracting(HaproxyIngressModel.Backend::timeoutServerMillis)
          .isEqualTo(3_000L);
      stage.haproxy().onReload(r -> timeline.event("haproxy", "reloaded: + " + r.added()));

      Instant begin = Instant.now();
      List<WsProbe.Outcome> before = driver.connect(idleClients("idle"));
      Outcomes.assertCutAtThreeSeconds(before);
      Instant firstCut = before.stream().map(WsProbe.Outcome::ended).min(Instant::compareTo).get();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertAgentSawTheCuts(begin));

      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> "1h".equals(stage.annotations(Stage.INGRESS).get(TS)));
      assertThat(stage.annotations(Stage.INGRESS))
          .containsKey("wsaudit.io/remediated-timeout-server");
      assertThat(awaitIdleFinding(stage, FindingState.Remediated).getExplanation())
          .contains("timeout server (3 s, its annotation " + TS + ")", "HAProxy closes");
      Outcomes.awaitReloadAdding(stage.haproxy(), Duration.ofSeconds(10), "timeout server 3600000");
      Instant reloaded = stage.haproxy().reloads().get(0).at();

      List<WsProbe.Outcome> after = driver.connect(idleClients("idle after"));
      Outcomes.assertStayedOpen(after, Duration.ofSeconds(10));
      awaitIdleFinding(stage, FindingState.Resolved);
      Instant patched = Instant.parse(stage.status().getRemediations().get(0).getTime());
      timeline.event(
          "result",
          String.format(
              "MEASURED first idle cut -> Ingress patched %d ms -> haproxy reloaded %d ms -> idle"
                  + " connections open %d ms",
              Duration.between(firstCut, patched).toMillis(),
              Duration.between(firstCut, reloaded).toMillis(),
              after.stream().mapToLong(o -> o.lifetime().toMillis()).min().orElse(0)));
    }
  }

  @Test
  void aShortConfigMapTunnelIsReportedWithItsKeyAndNothingIsPatched() throws Exception {
    try (Stage stage = started(Map.of(TS, "1h"), Map.of("timeout-tunnel", "3s"));
        Driver driver = new Driver(stage, apps.tap(), timeline)) {
      Outcomes.assertCutAtThreeSeconds(driver.connect(idleClients("idle")));

      Finding f = awaitIdleFinding(stage, FindingState.NotRemediable);
      assertThat(f.getExplanation())
          .contains(
              "timeout tunnel (3 s, the controller ConfigMap"
                  + " haproxy-controller/haproxy-kubernetes-ingress key timeout-tunnel",
              "Set timeout-tunnel: \"1h\" in the controller ConfigMap",
              "(now \"3s\")");
      assertThat(stage.status().getRemediations()).isEmpty();
      assertThat(stage.annotations(Stage.INGRESS))
          .containsEntry(TS, "1h")
          .doesNotContainKey("wsaudit.io/remediated-timeout-server");
      assertThat(stage.haproxy().reloads()).isEmpty();
    }
  }

  private static Stage started(Map<String, String> ingress, Map<String, String> configMap)
      throws Exception {
    List<Stage.Route> routes = List.of(new Stage.Route(Stage.INGRESS, ingress, List.of(chat)));
    Stage stage = Stage.startHaproxy(routes, configMap);
    apps.attach(stage, routes);
    stage.policy(Mode.Enforce, List.of("haproxy"));
    return stage;
  }

  private static List<Attempt> idleClients(String label) {
    return Attempt.idle(label, chat, IDLE_HOLD, 3);
  }

  /** haproxy's timer ends each quiet connection at about 3 s, without a close frame. */

  /**
   * HTTP/1.1 upgrades (haproxy speaks 1.1 to servers), dropped after 3 s quiet without a close
   * frame: haproxy resets the server's side when its timer fires, so the agent reads {@code
   * io_error} (nginx closes it: {@code eof}).
   */
  private static void assertAgentSawTheCuts(Instant begin) {
    List<ReceivedSpan> since =
        apps.tap().spans().stream()
            .filter(s -> chat.pod().equals(s.pod()) && !s.received.isBefore(begin))
            .toList();
    assertThat(since.stream().filter(s -> WsAuditSpans.HANDSHAKE_SPAN.equals(s.name())))
        .hasSize(3)
        .allSatisfy(
            s -> assertThat(s.text(WsAuditSpans.NETWORK_PROTOCOL_VERSION)).isEqualTo("1.1"));
    assertThat(since.stream().filter(s -> WsAuditSpans.CLOSE_SPAN.equals(s.name())))
        .hasSize(3)
        .allSatisfy(
            s -> {
              assertThat(s.attributes)
                  .containsEntry(WsAuditSpans.CLOSE_CODE, (long) WsAuditSpans.ABNORMAL_CLOSE_CODE)
                  .containsEntry(WsAuditSpans.CLOSE_INITIATOR, WsAuditSpans.Initiator.TRANSPORT)
                  .containsEntry(WsAuditSpans.CLOSE_CAUSE, WsAuditSpans.Cause.IO_ERROR);
              assertThat(Long.parseLong(s.text(WsAuditSpans.IDLE_SENT_MS)))
                  .isBetween(2_500L, 4_500L);
            });
  }

  private static Optional<Finding> idleFinding(Stage stage) {
    var st = stage.status();
    return st == null || st.getFindings() == null
        ? Optional.empty()
        : st.getFindings().stream().filter(f -> IdleTimeout.NAME.equals(f.getRule())).findFirst();
  }

  private static Finding awaitIdleFinding(Stage stage, FindingState state) {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> idleFinding(stage).map(f -> f.getState() == state).orElse(false));
    return idleFinding(stage).orElseThrow();
  }
}
