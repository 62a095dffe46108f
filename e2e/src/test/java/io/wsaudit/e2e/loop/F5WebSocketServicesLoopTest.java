package io.wsaudit.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.e2e.AgentApps;
import io.wsaudit.e2e.Outcomes;
import io.wsaudit.e2e.Timeline;
import io.wsaudit.e2e.client.WsProbe;
import io.wsaudit.e2e.f5nginx.F5NginxController;
import io.wsaudit.e2e.f5nginx.F5NginxModel;
import io.wsaudit.e2e.stage.Driver;
import io.wsaudit.e2e.stage.Driver.Attempt;
import io.wsaudit.e2e.stage.Stage;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.rules.ConnectionHeaderOverride;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The loop behind F5 NGINX Ingress Controller (the operator with {@code --proxy f5-nginx}, the
 * policy in Enforce naming {@code f5-nginx}; {@link F5NginxModel} runs a real nginx). An Ingress
 * without {@code nginx.org/websocket-services}: nginx forwards each upgrade request without {@code
 * Upgrade} and with {@code Connection: close}, Undertow answers 500 (UT000133); the operator adds
 * the Service to the annotation, the model reloads nginx with the upgrade headers, new connections
 * upgrade and echo. F5 NIC always proxies with HTTP/1.1, so a {@code proxy-http-version: "1.0"}
 * left from ingress-nginx does nothing, and the diagnosis never says HTTP/1.0.
 */
class F5WebSocketServicesLoopTest {

  private static final String WS_SERVICES = "nginx.org/websocket-services";
  private static final String LEFTOVER = Stage.PREFIX + "proxy-http-version";

  @RegisterExtension
  static final AgentApps apps = AgentApps.undertow("chat", "control").behindNginx();

  private static Stage.App chat;
  private static Stage.App control;

  private final Timeline timeline = new Timeline(System.out);
  private Stage stage;
  private Driver driver;

  @BeforeAll
  static void startApps() {
    chat = apps.app("chat");
    control = apps.app("control");
  }

  /** The chat Ingress with these annotations; the control one lists its Service. */
  private IdleStatus start(Map<String, String> chatAnnotations) throws Exception {
    List<Stage.Route> routes =
        List.of(
            new Stage.Route("chat", chatAnnotations, List.of(chat)),
            new Stage.Route("control", Map.of(WS_SERVICES, "control"), List.of(control)));
    stage = Stage.start(routes, Map.of(), F5NginxController.underTest());
    driver = new Driver(stage, apps.tap(), timeline);
    apps.attach(stage, routes);
    stage.policy(Mode.Enforce);
    return new IdleStatus(stage);
  }

  @AfterEach
  void stopStage() {
    apps.detach(driver, stage);
  }

  @Test
  void enforceAddsTheServiceToWebsocketServicesAndUpgradesSucceed() throws Exception {
    IdleStatus status = start(Map.of(LEFTOVER, "1.0"));
    F5NginxController nginx = stage.controller(F5NginxController.class);
    assertThat(nginx.current().location(chat.host(), "/").orElseThrow().websocket()).isFalse();
    Instant begin = Instant.now();

    List<WsProbe.Outcome> before =
        driver.connect(
            Attempt.echoing("chat", chat, Duration.ofSeconds(1), 3),
            new Attempt("control #1", control, Duration.ofSeconds(2)));
    Outcomes.assertRefused(before.subList(0, 3), 500);
    assertThat(before.get(3).survived()).as(before.get(3).describe()).isTrue();
    // The backend saw an HTTP/1.1 request without Upgrade: the agent says so.
    awaitHandshakes(begin, WsAuditSpans.Outcome.REJECTED, WsAuditSpans.Rejection.MISSING_UPGRADE);

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(status.finding(chat, ConnectionHeaderOverride.NAME))
                    .hasValueSatisfying(
                        f ->
                            assertThat(f.getExplanation())
                                .contains("F5 NGINX Ingress Controller")
                                .contains(WS_SERVICES)
                                .doesNotContain("1.0")));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> "chat".equals(stage.annotations("chat").get(WS_SERVICES)));
    assertThat(stage.annotations("chat"))
        .containsKey("wsaudit.io/remediated-websocket-services")
        .containsEntry(LEFTOVER, "1.0");
    Outcomes.awaitReloadAdding(
        nginx, Duration.ofSeconds(10), "proxy_set_header Upgrade $http_upgrade;");

    List<WsProbe.Outcome> after =
        driver.connect(Attempt.echoing("after", chat, Duration.ofSeconds(4), 3));
    assertThat(after)
        .allSatisfy(
            o -> {
              assertThat(o.status()).isEqualTo(101);
              assertThat(o.survived()).as(o.describe()).isTrue();
              assertThat(o.echoes()).isGreaterThanOrEqualTo(10);
            });
    status.awaitState(chat, ConnectionHeaderOverride.NAME, FindingState.Resolved);
    assertThat(status.findings())
        .extracting(Finding::getRule)
        .containsExactly(ConnectionHeaderOverride.NAME);
    status.assertNoFindingOn(control);
    assertThat(stage.annotations("control")).containsEntry(WS_SERVICES, "control");
    Instant patched = Instant.parse(status.remediations().get(0).getTime());
    timeline.event(
        "result",
        String.format(
            "MEASURED first refused upgrade -> Ingress patched %d ms -> nginx reloaded %d ms",
            Duration.between(before.get(0).ended(), patched).toMillis(),
            Duration.between(before.get(0).ended(), nginx.reloads().get(0).at()).toMillis()));
  }

  /**
   * The Undertow app closes an HTTP/1.0 upgrade at once (the ingress-nginx demo's first failure);
   * behind F5 NIC the leftover annotation changes nothing: HTTP/1.1, connections live, no finding.
   */
  @Test
  void aLeftoverHttp10AnnotationNeverMakesAnHttp10Diagnosis() throws Exception {
    IdleStatus status = start(Map.of(LEFTOVER, "1.0", WS_SERVICES, "chat"));
    Instant begin = Instant.now();
    List<WsProbe.Outcome> outcomes =
        driver.connect(Attempt.echoing("chat", chat, Duration.ofSeconds(3), 3));
    assertThat(outcomes).allSatisfy(o -> assertThat(o.survived()).as(o.describe()).isTrue());
    awaitHandshakes(begin, WsAuditSpans.Outcome.UPGRADED, null);
    // Several evaluations (every 500 ms) after the evidence arrived: still nothing to say.
    await()
        .pollDelay(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(stage.status()).isNotNull();
              assertThat(status.findings()).isEmpty();
            });
    assertThat(stage.annotations("chat"))
        .doesNotContainKey("wsaudit.io/remediated-proxy-http-version");
  }

  /** Three handshake spans of the chat app since {@code after}, over HTTP/1.1, as expected. */
  private static void awaitHandshakes(Instant after, String outcome, String rejection) {
    IdleOutcomes.awaitSpans(
        apps.tap(),
        chat.pod(),
        WsAuditSpans.HANDSHAKE_SPAN,
        after,
        3,
        s -> {
          assertThat(s.text(WsAuditSpans.HANDSHAKE_OUTCOME)).isEqualTo(outcome);
          assertThat(s.text(WsAuditSpans.HANDSHAKE_REJECTION)).isEqualTo(rejection);
          assertThat(s.text(WsAuditSpans.NETWORK_PROTOCOL_VERSION)).isEqualTo("1.1");
        });
  }
}
