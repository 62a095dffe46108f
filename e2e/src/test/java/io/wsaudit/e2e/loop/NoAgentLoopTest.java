package io.wsaudit.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsaudit.e2e.Outcomes;
import io.wsaudit.e2e.Timeline;
import io.wsaudit.e2e.client.WsProbe;
import io.wsaudit.e2e.stage.Driver;
import io.wsaudit.e2e.stage.Driver.Attempt;
import io.wsaudit.e2e.stage.Stage;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.proxy.ingressnginx.LogFormats;
import io.wsaudit.operator.rules.IdleTimeout;
import io.wsaudit.operator.rules.UpstreamHttp10;
import io.wsaudit.testkit.apps.EchoProgram;
import io.wsaudit.testkit.apps.python.PythonWebsocketsEchoServer;
import io.wsaudit.testkit.nginx.Nginx;
import io.wsaudit.testkit.otlp.LogShipper;
import io.wsaudit.testkit.otlp.OtlpCollector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's loop with no agent at all: two Python {@code websockets} backends behind the
 * ingress-nginx model, one Ingress with {@code proxy-http-version: "1.0"} (websockets refuses the
 * upgrade with 400), one with {@code proxy-read-timeout: "3"} (nginx cuts idle clients at 3 s). The
 * only evidence is the proxy's log — the model's access and error logs, shipped as OTLP logs by the
 * {@link LogShipper} as a Collector's filelog would. The operator (Enforce) sets {@code
 * proxy-http-version: "1.1"} and raises the timeouts; afterwards the upgrades succeed and idle
 * connections survive.
 */
class NoAgentLoopTest {

  static final String HTTP_VERSION = Stage.PREFIX + "proxy-http-version";
  static final String READ_TIMEOUT = Stage.PREFIX + "proxy-read-timeout";
  static final String CONTROLLER_POD = "ingress-nginx-controller-6f7c9d8b4-x2k4q";

  /** ingress-nginx's default format with what helm/wsaudit and docs/operator.md recommend. */
  static final String LOG_FORMAT =
      LogFormats.DEFAULT_UPSTREAM + " $host \"$http_upgrade\" \"$http_connection\"";

  private static final Duration IDLE_HOLD = Duration.ofMillis(10_500);
  private static final List<EchoProgram> servers = new ArrayList<>();
  private static Stage.App chat;
  private static Stage.App idle;

  private final Timeline timeline = new Timeline(System.out);

  @BeforeAll
  static void backends() throws Exception {
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(
          Nginx.binary() != null, "nginx is not installed (sudo apt-get install -y nginx)");
    }
    EchoProgram c = PythonWebsocketsEchoServer.start();
    servers.add(c);
    EchoProgram i = PythonWebsocketsEchoServer.start();
    servers.add(i);
    chat = new Stage.App("chat", "chat-py-0", "chat.shop.example", c.port());
    idle = new Stage.App("idle", "idle-py-0", "idle.shop.example", i.port());
  }

  @AfterAll
  static void stopBackends() {
    servers.forEach(EchoProgram::close);
  }

  /**
   * One Ingress in front of one backend, the operator in Enforce, and nginx's logs shipped to it;
   * no agent exports anywhere ({@code noSpans} only proves that no span was sent). One fix per run:
   * the operator patches a controller at most once per patch interval (10 min here).
   */
  private record World(OtlpCollector noSpans, Stage stage, Driver driver, LogShipper shipper)
      implements AutoCloseable {

    static World start(Stage.App app, Map<String, String> annotations, Timeline tl)
        throws Exception {
      OtlpCollector noSpans = new OtlpCollector();
      Stage stage =
          Stage.start(
              List.of(new Stage.Route(app.service(), annotations, List.of(app))),
              Map.of(
                  "log-format-upstream", LOG_FORMAT,
                  "error-log-level", "info",
                  "worker-shutdown-timeout", "10s"));
      LogShipper shipper =
          LogShipper.to(stage.operatorOtlpEndpoint())
              .pod(Stage.CONTROLLER_NS, CONTROLLER_POD, "controller")
              .stdout(stage.controller().accessLog())
              .stderr(stage.controller().errorLog())
              .flushInterval(Duration.ofMillis(200))
              .start();
      World w = new World(noSpans, stage, new Driver(stage, noSpans, tl), shipper);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  stage.operator().ready()
                      && stage.operator().clusterIndex().ingress(Stage.NS, app.service()) != null);
      stage.policy(Mode.Enforce);
      return w;
    }

    /** Nothing but the proxy's lines reached the operator, and all of them did. */
    void assertOnlyProxyLogs() {
      assertThat(noSpans.spans()).as("no agent anywhere").isEmpty();
      assertThat(shipper.shipped()).isPositive();
      assertThat(shipper.errors()).isEmpty();
    }

    @Override
    public void close() {
      shipper.close();
      driver.close();
      stage.close();
      noSpans.close();
    }
  }

  @Test
  void http10IsFixedFromTheProxysLogAlone() throws Exception {
    try (World w = World.start(chat, Map.of(HTTP_VERSION, "1.0"), timeline)) {
      // websockets answers an HTTP/1.0 upgrade with 400; nginx relays it.
      List<WsProbe.Outcome> before =
          w.driver().connect(Attempt.echoing("chat", chat, Duration.ofSeconds(2), 3));
      assertThat(before).allSatisfy(o -> assertThat(o.status()).as(o.describe()).isEqualTo(400));

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> "1.1".equals(w.stage().annotations(chat.service()).get(HTTP_VERSION)));
      // The operator patches, then records the finding in the policy's status.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(finding(w.stage(), chat, UpstreamHttp10.NAME))
                      .hasValueSatisfying(
                          f ->
                              assertThat(f.getExplanation())
                                  .contains(
                                      "seen only by ingress-nginx (its log or its own spans)")));
      Outcomes.awaitReloadAdding(
          w.stage().controller(), Duration.ofSeconds(10), "proxy_http_version 1.1;");

      List<WsProbe.Outcome> after =
          w.driver().connect(Attempt.echoing("chat after", chat, Duration.ofSeconds(3), 2));
      assertThat(after)
          .allSatisfy(
              o -> {
                assertThat(o.status()).as(o.describe()).isEqualTo(101);
                assertThat(o.survived()).as(o.describe()).isTrue();
                assertThat(o.echoes()).isPositive();
              });
      w.assertOnlyProxyLogs();
    }
  }

  @Test
  void theIdleTimeoutIsRaisedFromTheProxysLogAlone() throws Exception {
    try (World w = World.start(idle, Map.of(READ_TIMEOUT, "3"), timeline)) {
      // Silent clients: nginx cuts each at 3 s, logging the 101 line and the error line.
      List<Attempt> attempts = new ArrayList<>();
      for (int n = 1; n <= 3; n++) {
        attempts.add(Attempt.idle("idle #" + n, idle, IDLE_HOLD));
      }
      assertThat(w.driver().connect(attempts))
          .allSatisfy(
              o -> {
                assertThat(o.status()).isEqualTo(101);
                assertThat(o.survived()).as(o.describe()).isFalse();
                assertThat(o.lifetime()).isBetween(Duration.ofMillis(2_500), Duration.ofSeconds(5));
              });

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> "3600".equals(w.stage().annotations(idle.service()).get(READ_TIMEOUT)));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(finding(w.stage(), idle, IdleTimeout.NAME))
                      .hasValueSatisfying(
                          f -> assertThat(f.getExplanation()).contains("proxy-read-timeout")));
      Outcomes.awaitReloadAdding(
          w.stage().controller(), Duration.ofSeconds(10), "proxy_read_timeout 3600s;");

      List<WsProbe.Outcome> after =
          w.driver().connect(Attempt.idle("idle after", idle, IDLE_HOLD, 2));
      Outcomes.assertStayedOpen(after, Duration.ofSeconds(10));
      w.assertOnlyProxyLogs();
    }
  }

  private static Optional<Finding> finding(Stage stage, Stage.App app, String rule) {
    var st = stage.status();
    if (st == null || st.getFindings() == null) {
      return Optional.empty();
    }
    return st.getFindings().stream()
        .filter(f -> IdleStatus.names(f.getIngress(), app) && rule.equals(f.getRule()))
        .findFirst();
  }
}
