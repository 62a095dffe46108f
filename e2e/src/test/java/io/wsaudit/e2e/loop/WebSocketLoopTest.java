package io.wsaudit.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.e2e.AgentApps;
import io.wsaudit.e2e.AgentApps.Fork;
import io.wsaudit.e2e.Outcomes;
import io.wsaudit.e2e.Timeline;
import io.wsaudit.e2e.apps.ForkedApp;
import io.wsaudit.e2e.client.WsProbe;
import io.wsaudit.e2e.stage.Driver;
import io.wsaudit.e2e.stage.Driver.Attempt;
import io.wsaudit.e2e.stage.Stage;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole loop on one machine: the embedded API server stand-in (Fabric8 CRUD mock) with
 * Namespace, Pods, Services, EndpointSlices, the ingress-nginx ConfigMap and an Ingress with {@code
 * proxy-http-version: "1.0"}; the ingress-nginx model running a real nginx; Undertow, Tomcat, Jetty
 * and a healthy control app (Undertow) in forked JVMs with the agent, exporting through a fan-out
 * receiver to the operator; WebSocket clients through nginx.
 *
 * <p>The apps are started once for the class; each test gets a fresh API server, operator and
 * nginx.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebSocketLoopTest {

  private static final String HTTP_VERSION = Stage.PREFIX + "proxy-http-version";
  private static final String CONNECTION_HEADER = Stage.PREFIX + "connection-proxy-header";
  private static final Duration HOLD = Duration.ofMillis(5_500);

  @RegisterExtension
  static final AgentApps apps =
      AgentApps.of(
              Fork.undertow("undertow-chat").host("undertow.shop.example"),
              Fork.undertow("tomcat-chat").kind(ForkedApp.Kind.TOMCAT).host("tomcat.shop.example"),
              Fork.undertow("control"),
              Fork.undertow("jetty-chat").kind(ForkedApp.Kind.JETTY).host("jetty.shop.example"))
          .behindNginx();

  private static Stage.App undertowApp;
  private static Stage.App tomcatApp;
  private static Stage.App controlApp;
  private static Stage.App jettyApp;

  private Stage stage;
  private Driver driver;
  private final Timeline timeline = new Timeline(System.out);

  @BeforeAll
  static void apps() {
    undertowApp = apps.app("undertow-chat");
    tomcatApp = apps.app("tomcat-chat");
    controlApp = apps.app("control");
    jettyApp = apps.app("jetty-chat");
  }

  private void startStage(Mode mode) throws Exception {
    startStage(mode, Map.of(HTTP_VERSION, "1.0"));
  }

  private void startStage(Mode mode, Map<String, String> chatAnnotations) throws Exception {
    apps.detach();
    stage =
        Stage.start(
            chatAnnotations,
            List.of(undertowApp, tomcatApp, jettyApp),
            controlApp,
            Map.of("worker-shutdown-timeout", "10s"));
    apps.tap().addTarget(stage.operatorOtlpEndpoint());
    driver = new Driver(stage, apps.tap(), timeline);
    timeline.event(
        "setup",
        "API server stand-in "
            + stage.apiServerUrl()
            + ", nginx :"
            + stage.nginxPort()
            + ", operator OTLP "
            + stage.operatorOtlpEndpoint()
            + ", policy mode "
            + mode);
    // The operator's caches must hold the pods and Ingresses before spans arrive (else they are
    // uncorrelated).
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                stage.operator().ready()
                    && stage.operator().clusterIndex().ingress(Stage.NS, Stage.INGRESS) != null
                    && stage.operator().clusterIndex().pod(Stage.NS, "control-0") != null);
    stage.policy(mode);
  }

  @AfterEach
  void stopStage() {
    apps.detach(driver, stage);
  }

  private List<WsProbe.Outcome> breakPhase(String tag) {
    return driver.connect(
        Attempt.echoing(tag + " undertow", undertowApp, HOLD, 4),
        new Attempt(tag + " tomcat #1", tomcatApp, Duration.ofSeconds(1)),
        new Attempt(tag + " control #1", controlApp, Duration.ofMillis(1_500)),
        new Attempt(tag + " jetty #1", jettyApp, Duration.ofSeconds(1)));
  }

  private List<ReceivedSpan> spans(String pod, String name, Instant after) {
    return apps.tap().spans().stream()
        .filter(s -> pod.equals(s.pod()) && name.equals(s.name()))
        .filter(s -> !s.received.isBefore(after))
        .toList();
  }

  /** {@code count} handshake spans of the pod since {@code after}, each with key = value. */
  private void assertHandshakes(String pod, Instant after, int count, String key, String value) {
    assertThat(spans(pod, WsAuditSpans.HANDSHAKE_SPAN, after))
        .hasSize(count)
        .allSatisfy(s -> assertThat(s.text(key)).isEqualTo(value));
  }

  /** {@code count} handshake spans of the pod since {@code after}, each refused for this reason. */
  private void assertRejected(
      String pod, Instant after, int count, String rejection, String protocolVersion) {
    assertThat(spans(pod, WsAuditSpans.HANDSHAKE_SPAN, after))
        .hasSize(count)
        .allSatisfy(
            s -> {
              assertThat(s.text(WsAuditSpans.HANDSHAKE_OUTCOME))
                  .isEqualTo(WsAuditSpans.Outcome.REJECTED);
              assertThat(s.text(WsAuditSpans.HANDSHAKE_REJECTION)).isEqualTo(rejection);
              assertThat(s.text(WsAuditSpans.NETWORK_PROTOCOL_VERSION)).isEqualTo(protocolVersion);
            });
  }

  /** {@code count} handshake spans of the pod since {@code after}, each upgraded. */
  private void assertUpgraded(String pod, Instant after, int count) {
    assertHandshakes(
        pod, after, count, WsAuditSpans.HANDSHAKE_OUTCOME, WsAuditSpans.Outcome.UPGRADED);
  }

  /**
   * Trace IDs of the handshakes that failed over HTTP/1.0: Undertow's (closed at once) and Jetty's
   * (refused).
   */
  private List<String> failedTraces(Instant after) {
    List<String> ids = new ArrayList<>();
    for (String pod : List.of("undertow-chat-0", "jetty-chat-0")) {
      spans(pod, WsAuditSpans.HANDSHAKE_SPAN, after).forEach(s -> ids.add(s.traceId()));
    }
    return ids;
  }

  private Optional<Finding> finding(String ingress) {
    return finding(ingress, "UpstreamHttp10");
  }

  private Optional<Finding> finding(String ingress, String rule) {
    WebSocketAuditPolicyStatus st = stage.status();
    if (st == null || st.getFindings() == null) {
      return Optional.empty();
    }
    return st.getFindings().stream()
        .filter(f -> f.getIngress() != null && f.getIngress().endsWith(ingress))
        .filter(f -> rule.equals(f.getRule()))
        .findFirst();
  }

  @Test
  @Order(1)
  void enforceFixesTheIngressAndConnectionsSurvive() throws Exception {
    startStage(Mode.Enforce);
    Instant begin = Instant.now();

    // Before: Undertow answers 101 over the HTTP/1.0 upstream connection and closes it at once.
    List<WsProbe.Outcome> before = breakPhase("before");
    List<WsProbe.Outcome> undertowBefore = before.subList(0, 4);
    assertThat(undertowBefore)
        .allSatisfy(
            o -> {
              assertThat(o.status()).isEqualTo(101);
              assertThat(o.survived()).isFalse();
              assertThat(o.lifetime()).isLessThan(Duration.ofSeconds(1));
            });
    Instant firstBroken =
        undertowBefore.stream().map(WsProbe.Outcome::ended).min(Instant::compareTo).orElseThrow();
    // Tomcat upgrades over HTTP/1.0 (and works); the control app is healthy.
    assertThat(before.get(4).survived()).isTrue();
    assertThat(before.get(5).survived()).isTrue();
    // Jetty refuses an HTTP/1.0 upgrade silently: no 101, its own 404.
    assertThat(before.get(6).status()).isEqualTo(404);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(spans("undertow-chat-0", WsAuditSpans.HANDSHAKE_SPAN, begin))
                  .hasSize(4)
                  .allSatisfy(
                      s -> {
                        assertThat(s.text(WsAuditSpans.NETWORK_PROTOCOL_VERSION)).isEqualTo("1.0");
                        assertThat(s.text(WsAuditSpans.KEEP_ALIVE)).isEqualTo("false");
                      });
              assertThat(spans("undertow-chat-0", WsAuditSpans.CLOSE_SPAN, begin))
                  .hasSize(4)
                  .allSatisfy(s -> assertThat(s.text(WsAuditSpans.CLOSE_EARLY)).isEqualTo("true"));
              assertHandshakes(
                  "tomcat-chat-0", begin, 1, WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.0");
              assertHandshakes("control-0", begin, 1, WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.1");
              assertRejected("jetty-chat-0", begin, 1, WsAuditSpans.Rejection.HTTP_VERSION, "1.0");
            });
    List<String> failedTraces = failedTraces(begin);

    // The policy explains it, with trace IDs of the failed connections.
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              Finding f = finding(Stage.INGRESS).orElseThrow();
              assertThat(f.getSampleTraceIds())
                  .isNotEmpty()
                  .allSatisfy(id -> assertThat(failedTraces).contains(id));
              assertThat(f.getExplanation()).contains("1.0");
            });

    // The operator patches the Ingress; the model re-renders and nginx reloads.
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> "1.1".equals(stage.annotations(Stage.INGRESS).get(HTTP_VERSION)));
    assertThat(stage.annotations(Stage.INGRESS))
        .containsKey("wsaudit.io/remediated-proxy-http-version");
    Outcomes.awaitReloadAdding(
        stage.controller(), Duration.ofSeconds(10), "proxy_http_version 1.1;");
    assertThat(
            stage
                .controller()
                .current()
                .location("undertow.shop.example", "/")
                .orElseThrow()
                .httpVersion())
        .isEqualTo("1.1");
    Instant reloaded =
        stage.controller().reloads().get(stage.controller().reloads().size() - 1).at();
    assertThat(stage.status().getRemediations()).hasSize(1);
    Instant patched = Instant.parse(stage.status().getRemediations().get(0).getTime());

    // After: new connections upgrade over HTTP/1.1 and echo for at least 5 s.
    Instant afterStart = Instant.now();
    List<WsProbe.Outcome> after =
        driver.connect(
            Attempt.echoing("after undertow", undertowApp, HOLD, 3),
            new Attempt("after tomcat #1", tomcatApp, HOLD),
            new Attempt("after jetty #1", jettyApp, HOLD));
    assertThat(after)
        .allSatisfy(
            o -> {
              assertThat(o.status()).isEqualTo(101);
              assertThat(o.survived()).isTrue();
              assertThat(o.lifetime()).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
              assertThat(o.echoes()).isGreaterThanOrEqualTo(15);
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertHandshakes(
                  "undertow-chat-0", afterStart, 3, WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.1");
              assertHandshakes(
                  "tomcat-chat-0", afterStart, 1, WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.1");
              assertUpgraded("jetty-chat-0", afterStart, 1);
            });

    // The finding becomes Resolved; the control app never had one.
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                finding(Stage.INGRESS)
                    .map(f -> f.getState() == FindingState.Resolved)
                    .orElse(false));
    assertThat(finding(Stage.CONTROL_INGRESS)).isEmpty();
    assertThat(stage.annotations(Stage.CONTROL_INGRESS)).doesNotContainKey(HTTP_VERSION);

    Instant firstSurviving =
        after.stream().map(WsProbe.Outcome::upgraded).min(Instant::compareTo).orElseThrow();
    Instant survived5s = firstSurviving.plus(Duration.ofSeconds(5));
    String measured =
        String.format(
            "MEASURED first broken connection -> Ingress patched %d ms -> nginx reloaded"
                + " %d ms -> first surviving upgrade %d ms (survived 5 s at %d ms)",
            Duration.between(firstBroken, patched).toMillis(),
            Duration.between(firstBroken, reloaded).toMillis(),
            Duration.between(firstBroken, firstSurviving).toMillis(),
            Duration.between(firstBroken, survived5s).toMillis());
    timeline.event("result", measured);
  }

  @Test
  @Order(2)
  void observeReportsAndChangesNothing() throws Exception {
    startStage(Mode.Observe);
    Instant begin = Instant.now();
    List<WsProbe.Outcome> before = breakPhase("observe");
    assertThat(before.subList(0, 4)).allSatisfy(o -> assertThat(o.survived()).isFalse());
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              Finding f = finding(Stage.INGRESS).orElseThrow();
              assertThat(f.getState()).isEqualTo(FindingState.Open);
              assertThat(f.getSampleTraceIds()).isNotEmpty();
              assertThat(failedTraces(begin)).containsAll(f.getSampleTraceIds());
            });
    String config = stage.controller().current().config();
    // Several resyncs (every 500 ms) pass without a patch, a reload or a remediation.
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                "1.0".equals(stage.annotations(Stage.INGRESS).get(HTTP_VERSION))
                    && stage.controller().reloads().isEmpty()
                    && (stage.status().getRemediations() == null
                        || stage.status().getRemediations().isEmpty()));
    assertThat(stage.controller().current().config()).isEqualTo(config);
    assertThat(finding(Stage.INGRESS).orElseThrow().getState()).isEqualTo(FindingState.Open);
    assertThat(finding(Stage.CONTROL_INGRESS)).isEmpty();
    // still broken
    assertThat(
            driver
                .connect(List.of(new Attempt("observe undertow again", undertowApp, HOLD)))
                .get(0)
                .survived())
        .isFalse();
  }

  /**
   * {@code connection-proxy-header: keep-alive} makes nginx send {@code Connection: keep-alive}
   * instead of {@code upgrade}. Tomcat refuses every upgrade (400, rejection {@code
   * missing_connection_upgrade}); Undertow does not look at Connection and upgrades anyway (nginx
   * tunnels any 101). The operator finds the annotation from Tomcat's rejections, removes it, nginx
   * reloads with the {@code $connection_upgrade} map, and Tomcat upgrades.
   */
  @Test
  @Order(3)
  void enforceRemovesAConnectionHeaderOverride() throws Exception {
    startStage(Mode.Enforce, Map.of(CONNECTION_HEADER, "keep-alive"));
    assertThat(connectionHeader()).isEqualTo("keep-alive");
    Instant begin = Instant.now();

    List<WsProbe.Outcome> before =
        driver.connect(
            Attempt.echoing("override tomcat", tomcatApp, Duration.ofSeconds(1), 3),
            new Attempt("override undertow #1", undertowApp, Duration.ofSeconds(1)));
    Outcomes.assertRefused(before.subList(0, 3), 400);
    assertThat(before.get(3).survived()).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertRejected(
                  "tomcat-chat-0",
                  begin,
                  3,
                  WsAuditSpans.Rejection.MISSING_CONNECTION_UPGRADE,
                  "1.1");
              assertUpgraded("undertow-chat-0", begin, 1);
            });

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              Finding f = finding(Stage.INGRESS, "ConnectionHeaderOverride").orElseThrow();
              assertThat(f.getExplanation())
                  .contains("connection-proxy-header")
                  .contains("keep-alive");
            });
    // A merge patch with null deletes the key on a real API server; the Fabric8 mock keeps it with
    // a null value.
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> stage.annotations(Stage.INGRESS).get(CONNECTION_HEADER) == null);
    assertThat(stage.annotations(Stage.INGRESS))
        .containsKey("wsaudit.io/remediated-connection-proxy-header");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "$connection_upgrade".equals(connectionHeader()));
    // nothing else was touched
    assertThat(stage.annotations(Stage.INGRESS)).doesNotContainKey(HTTP_VERSION);
    assertThat(finding(Stage.INGRESS)).isEmpty();

    List<WsProbe.Outcome> after =
        driver.connect(Attempt.echoing("after tomcat", tomcatApp, Duration.ofSeconds(2), 3));
    assertThat(after)
        .allSatisfy(
            o -> {
              assertThat(o.status()).isEqualTo(101);
              assertThat(o.survived()).isTrue();
            });
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                finding(Stage.INGRESS, "ConnectionHeaderOverride")
                    .map(f -> f.getState() == FindingState.Resolved)
                    .orElse(false));
  }

  /**
   * The Connection header nginx sends upstream for the Undertow host, as the model last rendered
   * it.
   */
  private String connectionHeader() {
    return stage
        .controller()
        .current()
        .location("undertow.shop.example", "/")
        .orElseThrow()
        .connectionHeader();
  }
}
