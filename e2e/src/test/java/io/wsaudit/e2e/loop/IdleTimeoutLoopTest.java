package io.wsaudit.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.e2e.AgentApps;
import io.wsaudit.e2e.AgentApps.Fork;
import io.wsaudit.e2e.Outcomes;
import io.wsaudit.e2e.Timeline;
import io.wsaudit.e2e.client.WsProbe;
import io.wsaudit.e2e.stage.Driver;
import io.wsaudit.e2e.stage.Driver.Attempt;
import io.wsaudit.e2e.stage.Stage;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14's loop: four Ingresses with {@code proxy-read-timeout: "3"} in front of four Undertow
 * apps with the agent. Idle clients of the first die when nginx's read timeout fires at 3 s; the
 * operator (Enforce) raises {@code proxy-read-timeout} and {@code proxy-send-timeout}; nginx
 * reloads; new idle connections live 10 s. Three controls go through the same short timeout and
 * must get no patch: the server's own idle timeout (2 s, a 1001; explained as the application's,
 * NotRemediable), an application that closes after 1.5 s (a 1000) and a client that sends a frame
 * every second (no finding at all).
 */
class IdleTimeoutLoopTest {

  static final String READ_TIMEOUT = Stage.PREFIX + "proxy-read-timeout";
  static final String SEND_TIMEOUT = Stage.PREFIX + "proxy-send-timeout";
  private static final Duration IDLE_HOLD = Duration.ofMillis(10_500);
  private static final Map<String, String> SHORT = Map.of(READ_TIMEOUT, "3");

  @RegisterExtension
  static final AgentApps apps =
      AgentApps.of(
              Fork.undertow("idle").pod("idle-chat-0"),
              Fork.undertow("server-idle").flags("--idle-ms", "2000"),
              Fork.undertow("app-close").flags("--close-after-ms", "1500"),
              Fork.undertow("busy").pod("busy-chat-0"))
          .behindNginx();

  private static Stage.App idle;
  private static Stage.App serverIdle;
  private static Stage.App appClose;
  private static Stage.App busy;

  private final Timeline timeline = new Timeline(System.out);

  @BeforeAll
  static void apps() {
    idle = apps.app("idle");
    serverIdle = apps.app("server-idle");
    appClose = apps.app("app-close");
    busy = apps.app("busy");
  }

  @Test
  void enforceRaisesTheTimeoutsAndNewIdleConnectionsSurvive() throws Exception {
    List<Stage.App> all = List.of(idle, serverIdle, appClose, busy);
    List<Stage.Route> routes =
        all.stream().map(a -> new Stage.Route(a.service(), SHORT, List.of(a))).toList();
    try (Stage stage = Stage.start(routes, Map.of("worker-shutdown-timeout", "10s"));
        Driver driver = new Driver(stage, apps.tap(), timeline)) {
      IdleStatus status = new IdleStatus(stage);
      apps.attach(stage, routes);
      stage.policy(Mode.Enforce);
      for (Stage.App a : all) {
        var l = stage.controller().current().location(a.host(), "/").orElseThrow();
        assertThat(List.of(l.readTimeout(), l.sendTimeout())).containsExactly(3, 60);
      }
      assertThat(stage.controller().current().config()).contains("proxy_read_timeout 3s;");

      // Before: everything at once, through the same 3 s read timeout.
      Instant begin = Instant.now();
      List<Attempt> attempts = new ArrayList<>();
      for (int n = 1; n <= 3; n++) {
        attempts.add(Attempt.idle("idle #" + n, idle, IDLE_HOLD));
        attempts.add(Attempt.idle("server-idle #" + n, serverIdle, IDLE_HOLD));
        attempts.add(Attempt.idle("app-close #" + n, appClose, IDLE_HOLD));
        attempts.add(new Attempt("busy #" + n, busy, Duration.ofSeconds(6), Duration.ofSeconds(1)));
      }
      List<WsProbe.Outcome> before = driver.connect(attempts);
      IdleOutcomes.assertBefore(before);
      Instant firstCut =
          before.stream()
              .filter(o -> o.label().startsWith("idle"))
              .map(WsProbe.Outcome::ended)
              .min(Instant::compareTo)
              .orElseThrow();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> IdleOutcomes.assertCloseSpans(apps.tap(), begin, all));

      // The server's own idle timeout is the application's setting: reported, never patched.
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(status.finding(serverIdle))
                      .hasValueSatisfying(
                          f -> {
                            assertThat(f.getState()).isEqualTo(FindingState.NotRemediable);
                            assertThat(f.getExplanation()).contains("server's own idle timeout");
                          }));
      status.assertNoFindingOn(appClose, busy);

      // The operator explains the cut with the idle connections' traces and patches both timeouts.
      List<String> idleTraces =
          IdleOutcomes.spans(apps.tap(), idle.pod(), WsAuditSpans.HANDSHAKE_SPAN, begin).stream()
              .map(ReceivedSpan::traceId)
              .toList();
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                Finding f = status.finding(idle).orElseThrow();
                assertThat(f.getSampleTraceIds())
                    .isNotEmpty()
                    .allSatisfy(id -> assertThat(idleTraces).contains(id));
                assertThat(f.getExplanation()).contains("proxy-read-timeout");
              });
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  "3600".equals(stage.annotations(idle.service()).get(READ_TIMEOUT))
                      && "3600".equals(stage.annotations(idle.service()).get(SEND_TIMEOUT)));
      Outcomes.awaitReloadAdding(
          stage.controller(),
          Duration.ofSeconds(10),
          "proxy_read_timeout 3600s;",
          "proxy_send_timeout 3600s;");
      var raised = stage.controller().current().location(idle.host(), "/").orElseThrow();
      assertThat(List.of(raised.readTimeout(), raised.sendTimeout())).containsExactly(3600, 3600);
      Instant reloaded = stage.controller().reloads().get(0).at();

      // After: new idle connections outlive the old timeout by far.
      List<WsProbe.Outcome> after = driver.connect(Attempt.idle("idle after", idle, IDLE_HOLD, 3));
      Outcomes.assertStayedOpen(after, Duration.ofSeconds(10));
      status.awaitState(idle, FindingState.Resolved);

      // The controls: no patch, still the short timeout; only the server's idle timeout explained.
      assertThat(status.finding(serverIdle).map(Finding::getState))
          .hasValue(FindingState.NotRemediable);
      status.assertNoFindingOn(appClose, busy);
      assertThat(status.remediations())
          .isNotEmpty()
          .allSatisfy(r -> assertThat(IdleStatus.names(r.getIngress(), idle)).isTrue());
      for (Stage.App control : List.of(serverIdle, appClose, busy)) {
        assertThat(stage.annotations(control.service()))
            .containsEntry(READ_TIMEOUT, "3")
            .doesNotContainKey(SEND_TIMEOUT);
        assertThat(stage.controller().current().location(control.host(), "/").orElseThrow())
            .extracting(l -> l.readTimeout())
            .isEqualTo(3);
      }
      Instant patched = Instant.parse(status.remediations().get(0).getTime());
      timeline.event(
          "result",
          String.format(
              "MEASURED first idle cut -> Ingress patched %d ms -> nginx reloaded %d ms -> idle"
                  + " connections open %d ms and counting",
              Duration.between(firstCut, patched).toMillis(),
              Duration.between(firstCut, reloaded).toMillis(),
              after.stream().mapToLong(o -> o.lifetime().toMillis()).min().orElse(0)));
    } finally {
      apps.detach();
    }
  }
}
