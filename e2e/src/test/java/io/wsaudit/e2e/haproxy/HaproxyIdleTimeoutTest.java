package io.wsaudit.e2e.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.e2e.AgentApps;
import io.wsaudit.operator.proxy.haproxy.HaproxyFix;
import io.wsaudit.operator.proxy.haproxy.HaproxyFix.AnnotationChange;
import io.wsaudit.operator.proxy.haproxy.HaproxyFix.ConfigMapReport;
import io.wsaudit.operator.proxy.haproxy.HaproxyFixes;
import io.wsaudit.operator.proxy.haproxy.HaproxySettings;
import io.wsaudit.testkit.haproxy.Haproxy;
import io.wsaudit.testkit.kube.IngressDraft;
import io.wsaudit.testkit.kube.KubeObjects;
import io.wsaudit.testkit.process.Ports;
import io.wsaudit.testkit.ws.RawClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quiet WebSocket through a real haproxy configured as the HAProxy Ingress controller model
 * renders it, in front of the Undertow echo app: how long it lives under the controller's defaults,
 * {@code timeout tunnel 0}, a ConfigMap {@code timeout-tunnel} and a reload bounded by {@code
 * hard-stop-after}, each time checked against what the operator's {@code HaproxySettings} predicts
 * and healed by the change {@code HaproxyFixes} proposes. Timeouts are scaled to seconds.
 */
class HaproxyIdleTimeoutTest {

  private static final String NS = "shop";
  private static final String HOST = "chat.shop.example";

  /** How much later than its timer haproxy may close (a loaded 2-core machine). */
  private static final long SLACK_MS = 1_000;

  @RegisterExtension static final AgentApps apps = AgentApps.undertow("chat").behindHaproxy();

  @TempDir Path dir;

  private static HaproxyIngressModel.Input input(
      Map<String, String> ingress, Map<String, String> configMap) {
    return new HaproxyIngressModel.Input(
        List.of(
            IngressDraft.of(NS, "chat")
                .className("haproxy")
                .host(HOST)
                .path("/ws", "Prefix")
                .annotations(ingress)
                .build()),
        Optional.of(
            KubeObjects.configMap("haproxy-controller", "haproxy-kubernetes-ingress", configMap)),
        List.of(KubeObjects.service(NS, "chat", apps.app("chat").port())),
        List.of(KubeObjects.endpointSlice(NS, "chat", apps.app("chat").port(), "127.0.0.1")));
  }

  private static String render(Map<String, String> ingress, Map<String, String> cm, int port) {
    return new HaproxyIngressModel(Set.of("haproxy")).render(input(ingress, cm), port).config();
  }

  private static RawClient upgrade(int port) throws Exception {
    RawClient c =
        RawClient.send(
            port,
            RawClient.upgradeRequest("HTTP/1.1", "/ws", "Host: " + HOST),
            Duration.ofSeconds(5));
    assertThat(c.status()).as(c.statusLine).isEqualTo(101);
    return c;
  }

  /** Milliseconds from the 101 until haproxy ends a connection that nobody uses. */
  private static long quietLifetime(int port, long expectedMs) throws Exception {
    try (RawClient c = upgrade(port)) {
      assertThat(c.serverClosesWithin(Duration.ofMillis(expectedMs + SLACK_MS)))
          .as("closed within %d ms", expectedMs + SLACK_MS)
          .isTrue();
      long lived = (System.nanoTime() - c.responseNanoTime) / 1_000_000;
      System.out.printf("haproxy: quiet WebSocket lived %d ms (expected %d)%n", lived, expectedMs);
      return lived;
    }
  }

  /** A quiet WebSocket lives as long as {@code expectedMs}: not shorter, and not much longer. */
  private static void assertQuietLifetime(int port, long expectedMs) throws Exception {
    assertThat(quietLifetime(port, expectedMs)).isBetween(expectedMs - 100, expectedMs + SLACK_MS);
  }

  private Haproxy started(Map<String, String> ingress, Map<String, String> cm, int port)
      throws Exception {
    Haproxy haproxy = Haproxy.start(dir, render(ingress, cm, port));
    haproxy.awaitListening(Duration.ofSeconds(10), port);
    return haproxy;
  }

  private static void reload(
      Haproxy haproxy, Map<String, String> ingress, Map<String, String> cm, int port)
      throws Exception {
    haproxy.reload(render(ingress, cm, port));
    haproxy.awaitListening(Duration.ofSeconds(10), port);
  }

  private static long predicted(Map<String, String> ingress, Map<String, String> cm) {
    return HaproxySettings.resolve(ingress, null, cm).tunnelIdleLimit().millis();
  }

  @Test
  void underTheControllersDefaultsTheTunnelTimerOutlivesClientServerAndAnAnnotation()
      throws Exception {
    // 50s client/server scaled to 1s; the default 1h tunnel left alone
    Map<String, String> cm = Map.of("timeout-client", "1s", "timeout-server", "1s");
    Map<String, String> ingress = Map.of("haproxy.org/timeout-server", "1s");
    assertThat(predicted(ingress, cm)).isEqualTo(3_600_000);
    int port = Ports.free();
    try (Haproxy haproxy = started(ingress, cm, port)) {
      try (RawClient c = upgrade(port)) {
        assertThat(c.serverClosesWithin(Duration.ofSeconds(4))).isFalse();
        c.sendText("still here");
        assertThat(c.readFrame().text()).isEqualTo("still here");
      }
    }
  }

  @Test
  void tunnelZeroLeavesTheShorterOfClientAndServerInCharge() throws Exception {
    Map<String, String> cm =
        Map.of("timeout-tunnel", "0", "timeout-client", "1s", "timeout-server", "3s");
    Map<String, String> ingress = Map.of();
    assertThat(predicted(ingress, cm)).isEqualTo(1_000);
    int port = Ports.free();
    try (Haproxy haproxy = started(ingress, cm, port)) {
      // not "infinite" (nextcloud/HaRP#115), and not the 3s server timer: the client's 1s
      assertQuietLifetime(port, 1_000);
    }
    // client is ConfigMap-only: the fix is a tunnel timer, reported
    assertThat(HaproxyFixes.forIdleTimeout(ingress, null, cm, 5_000).orElseThrow())
        .isInstanceOfSatisfying(
            ConfigMapReport.class, r -> assertThat(r.key()).isEqualTo("timeout-tunnel"));
  }

  @Test
  void tunnelZeroAndAShortServerTimerAreFixedByTheIngressAnnotation() throws Exception {
    Map<String, String> cm =
        Map.of("timeout-tunnel", "0", "timeout-client", "6s", "timeout-server", "2s");
    Map<String, String> ingress = new HashMap<>();
    assertThat(predicted(ingress, cm)).isEqualTo(2_000);
    int port = Ports.free();
    try (Haproxy haproxy = started(ingress, cm, port)) {
      assertQuietLifetime(port, 2_000);

      HaproxyFix fix = HaproxyFixes.forIdleTimeout(ingress, null, cm, 5_000).orElseThrow();
      assertThat(fix)
          .isEqualTo(
              new AnnotationChange(
                  HaproxyFix.Target.INGRESS, "haproxy.org/timeout-server", "5s", null));
      AnnotationChange change = (AnnotationChange) fix;
      ingress.put(change.annotation(), change.value());
      reload(haproxy, ingress, cm, port);
      assertThat(predicted(ingress, cm)).isEqualTo(5_000);
      assertQuietLifetime(port, 5_000);
    }
  }

  @Test
  void aConfigMapTunnelTimerDecidesAndOnlyAConfigMapReportFixesIt() throws Exception {
    Map<String, String> cm = new HashMap<>(Map.of("timeout-tunnel", "1s"));
    Map<String, String> ingress = Map.of("haproxy.org/timeout-server", "10s");
    assertThat(predicted(ingress, cm)).isEqualTo(1_000);
    int port = Ports.free();
    try (Haproxy haproxy = started(ingress, cm, port)) {
      // the Ingress's 10s timeout-server does not matter once upgraded
      assertQuietLifetime(port, 1_000);

      HaproxyFix fix = HaproxyFixes.forIdleTimeout(ingress, null, cm, 3_000).orElseThrow();
      assertThat(fix).isInstanceOf(ConfigMapReport.class);
      ConfigMapReport report = (ConfigMapReport) fix;
      assertThat(report.key()).isEqualTo("timeout-tunnel");
      assertThat(report.value()).isEqualTo("3s");
      assertThat(report.current()).isEqualTo("1s");
      cm.put(report.key(), report.value()); // what the operator leaves to a person
      reload(haproxy, ingress, cm, port);
      assertQuietLifetime(port, 3_000);
    }
  }

  @Test
  void aReloadEndsOldConnectionsAtHardStopAfter() throws Exception {
    Map<String, String> cm = Map.of("hard-stop-after", "2s");
    Map<String, String> ingress = Map.of();
    assertThat(HaproxyFixes.forReloadCut(cm, 60_000))
        .contains(
            new ConfigMapReport(
                "hard-stop-after",
                "1m",
                "2s",
                "hard-stop-after is global and the controller reads it only from its ConfigMap"));
    int port = Ports.free();
    try (Haproxy haproxy = started(ingress, cm, port)) {
      try (RawClient old = upgrade(port)) {
        reload(haproxy, ingress, cm, port);
        long reloaded = System.nanoTime();
        assertThat(haproxy.replacedAlive()).as("the old process holds the tunnel").hasSize(1);
        try (RawClient fresh = upgrade(port)) {
          assertThat(old.serverClosesWithin(Duration.ofMillis(2_000 + SLACK_MS))).isTrue();
          long cut = (System.nanoTime() - reloaded) / 1_000_000;
          System.out.printf("haproxy: reload cut the old WebSocket after %d ms%n", cut);
          // timed from when reload() returned, a little after the old process was told to stop
          assertThat(cut).isBetween(1_500L, 2_000 + SLACK_MS);
          // the new process keeps the connection opened after the reload
          fresh.sendText("after reload");
          assertThat(fresh.readFrame().text()).isEqualTo("after reload");
        }
        Awaitility.await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> haproxy.replacedAlive().isEmpty());
      }
    }
  }
}
