package io.wsaudit.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.e2e.AgentApps;
import io.wsaudit.e2e.Outcomes;
import io.wsaudit.e2e.Timeline;
import io.wsaudit.e2e.client.WsProbe;
import io.wsaudit.e2e.f5nginx.F5NginxController;
import io.wsaudit.e2e.stage.Driver;
import io.wsaudit.e2e.stage.Driver.Attempt;
import io.wsaudit.e2e.stage.Stage;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The idle cut behind F5 NGINX Ingress Controller: {@code nginx.org/proxy-read-timeout: "3s"} on
 * two Ingresses (both Services in {@code nginx.org/websocket-services}). Silent clients of the
 * first die when nginx's read timer fires at 3 s; the operator (Enforce, {@code --proxy f5-nginx})
 * raises {@code nginx.org/proxy-read-timeout} and {@code nginx.org/proxy-send-timeout} to {@code
 * "3600s"}; the model reloads nginx; new silent clients live 10 s. The second Ingress's clients
 * send a frame every second through the same 3 s timer and get no finding and no patch.
 */
class F5IdleTimeoutLoopTest {

  private static final String READ = "nginx.org/proxy-read-timeout";
  private static final String SEND = "nginx.org/proxy-send-timeout";
  private static final Duration IDLE_HOLD = Duration.ofMillis(10_500);

  @RegisterExtension static final AgentApps apps = AgentApps.undertow("idle", "busy").behindNginx();

  private final Timeline timeline = new Timeline(System.out);

  @Test
  void enforceRaisesTheNginxOrgTimeoutsAndNewIdleConnectionsSurvive() throws Exception {
    Stage.App idle = apps.app("idle");
    Stage.App busy = apps.app("busy");
    List<Stage.Route> routes =
        List.of(idle, busy).stream()
            .map(
                a ->
                    new Stage.Route(
                        a.service(),
                        Map.of(READ, "3s", "nginx.org/websocket-services", a.service()),
                        List.of(a)))
            .toList();
    try (Stage stage = Stage.start(routes, Map.of(), F5NginxController.underTest());
        Driver driver = new Driver(stage, apps.tap(), timeline)) {
      apps.attach(stage, routes);
      stage.policy(Mode.Enforce);
      IdleStatus status = new IdleStatus(stage);
      F5NginxController nginx = stage.controller(F5NginxController.class);
      var cut = nginx.current().location(idle.host(), "/").orElseThrow();
      assertThat(List.of(cut.readTimeout(), cut.sendTimeout())).containsExactly("3s", "60s");

      Instant begin = Instant.now();
      List<WsProbe.Outcome> before =
          driver.connect(
              Attempt.idle("idle", idle, IDLE_HOLD, 3),
              new Attempt("busy #1", busy, Duration.ofSeconds(6), Duration.ofSeconds(1)));
      Outcomes.assertCutAtThreeSeconds(before.subList(0, 3));
      assertThat(before.get(3).survived()).as(before.get(3).describe()).isTrue();
      IdleOutcomes.awaitSpans(
          apps.tap(),
          idle.pod(),
          WsAuditSpans.CLOSE_SPAN,
          begin,
          3,
          s ->
              assertThat(Long.parseLong(s.text(WsAuditSpans.IDLE_SENT_MS)))
                  .isBetween(2_500L, 4_500L));

      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(status.finding(idle))
                      .hasValueSatisfying(
                          f -> assertThat(f.getExplanation()).contains(READ).contains("3600s")));
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  "3600s".equals(stage.annotations(idle.service()).get(READ))
                      && "3600s".equals(stage.annotations(idle.service()).get(SEND)));
      Outcomes.awaitReloadAdding(
          nginx, Duration.ofSeconds(10), "proxy_read_timeout 3600s;", "proxy_send_timeout 3600s;");

      List<WsProbe.Outcome> after = driver.connect(Attempt.idle("idle after", idle, IDLE_HOLD, 3));
      Outcomes.assertStayedOpen(after, Duration.ofSeconds(10));
      // Resolved takes as many connections outliving the old timer as a finding needs (3).
      status.awaitState(idle, FindingState.Resolved);
      status.assertNoFindingOn(busy);
      assertThat(stage.annotations(busy.service()))
          .containsEntry(READ, "3s")
          .doesNotContainKey(SEND);
      assertThat(nginx.current().location(busy.host(), "/").orElseThrow().readTimeout())
          .isEqualTo("3s");
      Instant firstCut = before.get(0).ended();
      timeline.event(
          "result",
          String.format(
              "MEASURED idle cuts at %s ms -> Ingress patched %d ms after the first -> idle"
                  + " connections open %d ms",
              before.subList(0, 3).stream().map(o -> o.lifetime().toMillis()).toList(),
              Duration.between(firstCut, Instant.parse(status.remediations().get(0).getTime()))
                  .toMillis(),
              after.stream().mapToLong(o -> o.lifetime().toMillis()).min().orElse(0)));
    } finally {
      apps.detach();
    }
  }
}
