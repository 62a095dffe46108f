package io.wsaudit.e2e.loop;

import static org.awaitility.Awaitility.await;

import io.wsaudit.e2e.apps.ForkedApp;
import io.wsaudit.e2e.nginx.NginxProcess;
import io.wsaudit.e2e.stage.Stage;
import io.wsaudit.testkit.otlp.OtlpCollector;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;

/**
 * Undertow echo apps in forked JVMs with the agent, started in parallel (each takes a few seconds),
 * exporting to one tap; app {@code name} is the Pod {@code name-0} behind the Service {@code name}
 * and the host {@code name.shop.example}.
 */
final class AgentApps implements AutoCloseable {

  final OtlpCollector tap;
  private final Map<String, ForkedApp> forked = new LinkedHashMap<>();
  private final Map<String, Stage.App> apps = new LinkedHashMap<>();

  private AgentApps(OtlpCollector tap) {
    this.tap = tap;
  }

  /** Skips the class without nginx (outside CI, which installs it). */
  static void assumeNginx() {
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(
          NginxProcess.binary() != null, "nginx is not installed (sudo apt-get install -y nginx)");
    }
  }

  static AgentApps undertow(String... names) throws IOException {
    AgentApps a = new AgentApps(new OtlpCollector());
    try {
      Map<String, CompletableFuture<ForkedApp>> starting = new LinkedHashMap<>();
      for (String name : names) {
        starting.put(name, CompletableFuture.supplyAsync(() -> a.fork(name)));
      }
      starting.forEach(
          (name, f) -> {
            ForkedApp app = f.join();
            a.apps.put(name, new Stage.App(name, app.name(), name + ".shop.example", app.port()));
          });
    } catch (RuntimeException e) {
      a.close();
      throw e;
    }
    // The tap forwards nowhere yet: these spans reach no operator.
    a.forked.values().forEach(ForkedApp::warmUp);
    return a;
  }

  private ForkedApp fork(String name) {
    try {
      ForkedApp app =
          ForkedApp.start(ForkedApp.Kind.UNDERTOW, Stage.NS, name + "-0", tap.httpEndpoint());
      synchronized (forked) {
        forked.put(name, app);
      }
      return app;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  Stage.App app(String name) {
    return apps.get(name);
  }

  /**
   * Sends the tap's spans to the stage's operator once its caches hold every Pod and Ingress (else
   * the spans would stay uncorrelated).
   */
  void attach(Stage stage, List<Stage.Route> routes) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                stage.operator().ready()
                    && routes.stream()
                        .allMatch(
                            r ->
                                stage.operator().clusterIndex().ingress(Stage.NS, r.ingress())
                                        != null
                                    && r.apps().stream()
                                        .allMatch(
                                            a ->
                                                stage
                                                        .operator()
                                                        .clusterIndex()
                                                        .pod(Stage.NS, a.pod())
                                                    != null)));
    tap.addTarget(stage.operatorOtlpEndpoint());
  }

  void detach() {
    tap.clearTargets();
    tap.clearListeners();
  }

  @Override
  public void close() {
    synchronized (forked) {
      forked.values().forEach(ForkedApp::close);
    }
    tap.close();
  }
}
