package io.wsaudit.e2e.demo;

import static org.awaitility.Awaitility.await;

import io.wsaudit.e2e.Timeline;
import io.wsaudit.e2e.apps.ForkedApp;
import io.wsaudit.e2e.client.WsProbe;
import io.wsaudit.e2e.nginx.IngressNginxController;
import io.wsaudit.e2e.nginx.NginxProcess;
import io.wsaudit.e2e.stage.Driver;
import io.wsaudit.e2e.stage.Driver.Attempt;
import io.wsaudit.e2e.stage.Stage;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.Remediation;
import io.wsaudit.testkit.otlp.OtlpCollector;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The README's demo ({@code ./demo.sh}): the whole wsaudit loop on one machine, narrated. Starts
 * the embedded API server stand-in, the ingress-nginx model with a real nginx, Undertow and Tomcat
 * with the agent, and the operator in Enforce mode; drives WebSocket clients through nginx; prints
 * a timeline and a summary; stops everything (also on Ctrl-C, through a shutdown hook).
 */
public final class Demo {

  private static final String HTTP_VERSION = Stage.PREFIX + "proxy-http-version";
  private static final PrintStream OUT = System.out;

  private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean stopped = new AtomicBoolean();

  private Demo() {}

  public static void main(String[] args) throws Exception {
    DemoLogging.quiet();
    Demo demo = new Demo();
    Runtime.getRuntime().addShutdownHook(new Thread(demo::stopAll, "demo-shutdown"));
    int code;
    try {
      code = demo.run();
    } catch (Exception | Error e) {
      if (demo.stopped.get()) {
        // Ctrl-C: the shutdown hook is stopping everything under the running demo; that is not an
        // error.
        return;
      }
      System.err.println("demo failed: " + e);
      code = 1;
    } finally {
      demo.stopAll();
    }
    System.exit(code);
  }

  private <T extends AutoCloseable> T keep(T resource) {
    started.add(resource);
    return resource;
  }

  /**
   * Stops everything this demo started, newest first; safe to call twice (main and the shutdown
   * hook).
   */
  private void stopAll() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    OUT.println("stopping: nginx, the sample apps, the operator, the API server stand-in");
    List<AutoCloseable> all;
    synchronized (started) {
      all = new ArrayList<>(started);
    }
    Collections.reverse(all);
    for (AutoCloseable c : all) {
      try {
        c.close();
      } catch (Exception ignored) {
        // best effort
      }
    }
  }

  private int run() throws Exception {
    DemoNarration.intro(OUT);
    if (NginxProcess.binary() == null) {
      OUT.println(
          "nginx is not installed. Install it (Debian/Ubuntu: sudo apt-get install -y nginx; Fedora: sudo dnf"
              + " install nginx; macOS: brew install nginx) and run ./demo.sh again.");
      return 2;
    }
    Timeline tl = new Timeline(OUT);
    OtlpCollector tap = keep(new OtlpCollector());
    String external = System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT");

    tl.event(
        "setup",
        "starting Undertow 2.3 and Tomcat 11 with -javaagent:"
            + ForkedApp.agentJar()
            + " (spans to the fan-out receiver "
            + tap.httpEndpoint()
            + ")");
    var u =
        CompletableFuture.supplyAsync(() -> fork(ForkedApp.Kind.UNDERTOW, "undertow-chat-0", tap));
    var t = CompletableFuture.supplyAsync(() -> fork(ForkedApp.Kind.TOMCAT, "tomcat-chat-0", tap));
    ForkedApp undertow = u.join();
    ForkedApp tomcat = t.join();
    // Load and compile the servers' upgrade paths (direct connections, spans forwarded nowhere).
    undertow.warmUp();
    tomcat.warmUp();
    if (external != null && !external.isBlank()) {
      tap.addTarget(external);
      tl.event(
          "setup",
          "spans also go to OTEL_EXPORTER_OTLP_ENDPOINT="
              + external
              + " (OTLP/HTTP protobuf, POST /v1/traces; e.g. Jaeger's :4318)"
              + (external.endsWith(":4317")
                  ? " — :4317 is usually OTLP/gRPC; the demo sends OTLP/HTTP, use :4318"
                  : ""));
    }
    tl.event(
        "setup",
        "Undertow pid "
            + undertow.pid()
            + " on 127.0.0.1:"
            + undertow.port()
            + ", Tomcat pid "
            + tomcat.pid()
            + " on 127.0.0.1:"
            + tomcat.port());
    Stage.App undertowApp =
        new Stage.App("undertow-chat", "undertow-chat-0", "undertow.shop.example", undertow.port());
    Stage.App tomcatApp =
        new Stage.App("tomcat-chat", "tomcat-chat-0", "tomcat.shop.example", tomcat.port());

    Stage stage =
        keep(
            Stage.start(
                Map.of(HTTP_VERSION, "1.0"),
                List.of(undertowApp, tomcatApp),
                null,
                Map.of("worker-shutdown-timeout", "10s")));
    tap.addTarget(stage.operatorOtlpEndpoint());
    tl.event(
        "setup",
        "API server stand-in at "
            + stage.apiServerUrl()
            + " (embedded, not a cluster); operator"
            + " OTLP/HTTP on "
            + stage.operatorOtlpEndpoint()
            + "; nginx (pid "
            + stage.controller().nginx().pid()
            + ") on 127.0.0.1:"
            + stage.nginxPort()
            + ", config "
            + stage.controller().nginx().dir().resolve("nginx.conf"));
    tl.event(
        "k8s",
        "Ingress shop/chat: hosts undertow.shop.example, tomcat.shop.example; annotations "
            + new TreeMap<>(stage.annotations(Stage.INGRESS)));
    DemoNarration.nginxLocations(tl, stage);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                stage.operator().ready()
                    && stage.operator().clusterIndex().ingress(Stage.NS, Stage.INGRESS) != null);
    stage.policy(Mode.Enforce);
    tl.event(
        "k8s",
        "WebSocketAuditPolicy shop/websockets: mode Enforce, minConnections 3, window 5m,"
            + " earlyCloseThreshold 1s");
    Driver driver = keep(new Driver(stage, tap, tl));

    // Phase 1: clients keep (re)connecting, as a browser would, until the Ingress changes.
    tl.event(
        "demo", "phase 1: WebSocket clients connect through nginx (reconnecting as browsers do)");
    List<WsProbe.Outcome> broken = new ArrayList<>();
    Instant deadline = Instant.now().plusSeconds(60);
    int wave = 0;
    while (!"1.1".equals(stage.annotations(Stage.INGRESS).get(HTTP_VERSION))
        && Instant.now().isBefore(deadline)) {
      wave++;
      List<Attempt> attempts =
          new ArrayList<>(
              List.of(new Attempt("undertow try " + wave, undertowApp, Duration.ofSeconds(6))));
      if (wave == 1) {
        attempts.add(new Attempt("tomcat try 1", tomcatApp, Duration.ofSeconds(1)));
      }
      broken.addAll(driver.connect(attempts));
      // The client's reconnect back-off (pacing the traffic, not waiting for anything).
      Thread.sleep(400);
    }
    // The operator patches the Ingress, then records the patch in the policy's status: give the
    // status write a moment after the annotation changed.
    Optional<Remediation> patch;
    try {
      patch =
          await()
              .atMost(Duration.ofSeconds(10))
              .pollInterval(Duration.ofMillis(50))
              .until(() -> firstRemediation(stage), Optional::isPresent);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      patch = Optional.empty();
    }
    if (patch.isEmpty()) {
      tl.event("demo", "the operator did not patch within 60 s; stopping");
      return 1;
    }
    Map<String, String> after = new TreeMap<>(stage.annotations(Stage.INGRESS));
    DemoNarration.patched(tl, after);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                stage.controller().reloads().stream()
                    .anyMatch(r -> r.added().contains("proxy_http_version 1.1;")));
    IngressNginxController.Reload reload = stage.controller().reloads().get(0);

    // Phase 2: new connections after the reload.
    tl.event(
        "demo",
        "phase 2: new connections after the reload, each held 6 s with an echo every 250 ms");
    List<WsProbe.Outcome> fixed =
        driver.connect(
            List.of(
                new Attempt("undertow after 1", undertowApp, Duration.ofSeconds(6)),
                new Attempt("undertow after 2", undertowApp, Duration.ofSeconds(6)),
                new Attempt("undertow after 3", undertowApp, Duration.ofSeconds(6)),
                new Attempt("tomcat after 1", tomcatApp, Duration.ofSeconds(6))));
    Optional<Finding> finding = Optional.empty();
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> findingOf(stage).map(f -> f.getState()).orElse(null) == FindingState.Resolved);
    } catch (ConditionTimeoutException e) {
      tl.event("demo", "the finding did not become Resolved within 20 s");
    }
    finding = findingOf(stage);
    try {
      // let the phase-2 close spans arrive before the summary, so that the timeline ends first
      await()
          .atMost(Duration.ofSeconds(3))
          .until(
              () ->
                  tap.spans().stream()
                          .filter(sp -> "websocket.close".equals(sp.name()))
                          .filter(sp -> "1000".equals(sp.text("websocket.close.code")))
                          .count()
                      >= 5);
    } catch (ConditionTimeoutException ignored) {
      // the summary does not need them
    }
    tap.clearListeners();

    boolean ok = DemoSummary.print(OUT, tl, broken, fixed, finding, patch.get(), reload, external);
    tl.event("demo", ok ? "done" : "done, with problems (see above)");
    return ok ? 0 : 1;
  }

  private static Optional<Finding> findingOf(Stage stage) {
    var st = stage.status();
    if (st == null || st.getFindings() == null) {
      return Optional.empty();
    }
    return st.getFindings().stream()
        .filter(f -> f.getIngress().endsWith(Stage.INGRESS))
        .findFirst();
  }

  private ForkedApp fork(ForkedApp.Kind kind, String pod, OtlpCollector tap) {
    try {
      return keep(ForkedApp.start(kind, Stage.NS, pod, tap.httpEndpoint()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<Remediation> firstRemediation(Stage stage) {
    return Optional.ofNullable(stage.status())
        .map(s -> s.getRemediations())
        .flatMap(r -> r.stream().findFirst());
  }
}
