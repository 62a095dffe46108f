package io.wsaudit.e2e.demo;

import static org.awaitility.Awaitility.await;

import io.wsaudit.e2e.Timeline;
import io.wsaudit.e2e.client.WsProbe;
import io.wsaudit.e2e.nginx.IngressNginxController;
import io.wsaudit.e2e.stage.Driver;
import io.wsaudit.e2e.stage.Stage;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.Remediation;
import io.wsaudit.testkit.otlp.LogShipper;
import io.wsaudit.testkit.otlp.OtlpCollector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One scenario on a world of its own (API server stand-in, operator, nginx; the apps are shared):
 * clients keep reconnecting while the Ingress is broken, the operator patches it, nginx reloads,
 * new clients connect.
 */
final class ScenarioRun {

  /** What a scenario showed; {@code reload} is null when the operator never patched. */
  record Result(
      DemoScenario scenario,
      List<WsProbe.Outcome> broken,
      List<WsProbe.Outcome> fixed,
      Optional<Finding> finding,
      List<Remediation> patches,
      IngressNginxController.Reload reload) {

    boolean ok() {
      return reload != null
          && !fixed.isEmpty()
          && fixed.stream().allMatch(WsProbe.Outcome::survived)
          && finding.map(f -> f.getState() == FindingState.Resolved).orElse(false);
    }
  }

  private final DemoScenario sc;
  private final DemoScenario.Apps apps;
  private final OtlpCollector tap;
  private final Timeline tl;
  private final String external;

  /**
   * @param external {@code OTEL_EXPORTER_OTLP_ENDPOINT}, which the tap forwards to besides the
   *     operator; null when unset
   */
  ScenarioRun(
      DemoScenario sc, DemoScenario.Apps apps, OtlpCollector tap, Timeline tl, String external) {
    this.sc = sc;
    this.apps = apps;
    this.tap = tap;
    this.tl = tl;
    this.external = external;
  }

  Result run(DemoResources res) throws Exception {
    tl.event("demo", "scenario " + sc.name() + ": " + sc.headline());
    Stage stage =
        res.keep(
            Stage.start(
                List.of(new Stage.Route(Stage.INGRESS, sc.annotations(), sc.routed(apps))),
                sc.controllerConfig()));
    tap.addTarget(stage.operatorOtlpEndpoint());
    LogShipper shipper = sc.fromProxyLogs() ? res.keep(ProxyLogShipping.start(stage, tl)) : null;
    Driver driver = null;
    try {
      DemoNarration.stage(tl, stage);
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
      driver = new Driver(stage, tap, tl);
      return phases(stage, driver);
    } finally {
      if (driver != null) {
        driver.close();
      }
      if (shipper != null) {
        res.release(shipper);
      }
      tap.clearListeners();
      tap.clearTargets();
      if (external != null && !external.isBlank()) {
        tap.addTarget(external);
      }
      res.release(stage);
    }
  }

  private Result phases(Stage stage, Driver driver) throws InterruptedException {
    Map<String, String> start = new TreeMap<>(stage.annotations(Stage.INGRESS));
    tl.event(
        "demo", "phase 1: WebSocket clients connect through nginx (reconnecting as browsers do)");
    List<WsProbe.Outcome> broken = new ArrayList<>();
    Instant deadline = Instant.now().plusSeconds(60);
    for (int wave = 1;
        !sc.fixed(stage.annotations(Stage.INGRESS))
            && !unpatchable(stage)
            && Instant.now().isBefore(deadline);
        wave++) {
      driver.connect(sc.wave(wave, apps)).stream().filter(o -> !o.survived()).forEach(broken::add);
      // The client's reconnect back-off (pacing the traffic, not waiting for anything).
      Thread.sleep(400);
    }
    // The operator patches the Ingress, then records the patch in the policy's status.
    List<Remediation> patches =
        within(Duration.ofSeconds(10), () -> remediations(stage), l -> !l.isEmpty(), List.of());
    if (patches.isEmpty()) {
      tl.event(
          "demo",
          unpatchable(stage)
              ? "the operator explained the failure and will not patch it (NotRemediable, above);"
                  + " stopping this scenario"
              : "the operator did not patch within 60 s; stopping this scenario");
      return new Result(sc, broken, List.of(), findingOf(stage), patches, null);
    }
    DemoNarration.patched(tl, sc, start, new TreeMap<>(stage.annotations(Stage.INGRESS)));
    IngressNginxController.Reload reload =
        within(Duration.ofSeconds(10), () -> fixingReload(stage), r -> r != null, null);

    tl.event("demo", "phase 2: new connections after the reload");
    Instant phase2 = Instant.now();
    List<WsProbe.Outcome> fixed = driver.connect(sc.after(apps));
    Optional<Finding> finding =
        within(
            Duration.ofSeconds(20),
            () -> findingOf(stage),
            f -> f.map(x -> x.getState() == FindingState.Resolved).orElse(false),
            Optional.empty());
    if (finding.isEmpty()) {
      tl.event("demo", "the finding did not become Resolved within 20 s");
      finding = findingOf(stage);
    }
    // Let phase 2's close spans arrive, so that the timeline ends before the summary.
    if (sc.fromProxyLogs()) {
      return new Result(sc, broken, fixed, finding, remediations(stage), reload);
    }
    within(
        Duration.ofSeconds(3),
        () ->
            tap.spans().stream()
                .filter(s -> !s.received.isBefore(phase2))
                .filter(s -> "websocket.close".equals(s.name()))
                .count(),
        n -> n >= fixed.size(),
        0L);
    return new Result(sc, broken, fixed, finding, remediations(stage), reload);
  }

  /** The value once {@code done} holds, or {@code otherwise} after {@code atMost}. */
  private static <T> T within(
      Duration atMost, Supplier<T> value, java.util.function.Predicate<T> done, T otherwise) {
    try {
      return await()
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(50))
          .until(value::get, done::test);
    } catch (ConditionTimeoutException e) {
      return otherwise;
    }
  }

  /** The operator judged that no Ingress patch fixes it: waiting longer changes nothing. */
  private static boolean unpatchable(Stage stage) {
    return findingOf(stage).map(f -> f.getState() == FindingState.NotRemediable).orElse(false);
  }

  private IngressNginxController.Reload fixingReload(Stage stage) {
    return stage.controller().reloads().stream()
        .filter(r -> r.added().contains(sc.reloadMarker()))
        .findFirst()
        .orElse(null);
  }

  private static List<Remediation> remediations(Stage stage) {
    var st = stage.status();
    return st == null || st.getRemediations() == null ? List.of() : st.getRemediations();
  }

  private static Optional<Finding> findingOf(Stage stage) {
    var st = stage.status();
    if (st == null || st.getFindings() == null) {
      return Optional.empty();
    }
    return st.getFindings().stream()
        .filter(f -> f.getIngress() != null && f.getIngress().endsWith(Stage.INGRESS))
        .findFirst();
  }
}
