package io.wsaudit.e2e;

import static org.awaitility.Awaitility.await;

import io.wsaudit.e2e.apps.ForkedApp;
import io.wsaudit.e2e.stage.Driver;
import io.wsaudit.e2e.stage.Stage;
import io.wsaudit.testkit.haproxy.Haproxy;
import io.wsaudit.testkit.nginx.Nginx;
import io.wsaudit.testkit.otlp.OtlpCollector;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Echo apps in forked JVMs with the agent, exporting to one tap: a JUnit extension a test class
 * registers on a static field, which starts them in parallel before its tests (each JVM takes a few
 * seconds), warms them up and stops them after. By default app {@code name} is an Undertow app, the
 * Pod {@code name-0} behind the Service {@code name} and the host {@code name.shop.example}; a
 * {@link Fork} says otherwise.
 */
public final class AgentApps implements BeforeAllCallback, AfterAllCallback {

  /** One app to fork: its server family, Service, Pod, host and the echo app's own flags. */
  public record Fork(
      ForkedApp.Kind kind, String name, String pod, String host, List<String> flags) {

    public static Fork undertow(String name) {
      return new Fork(
          ForkedApp.Kind.UNDERTOW, name, name + "-0", name + ".shop.example", List.of());
    }

    public Fork kind(ForkedApp.Kind k) {
      return new Fork(k, name, pod, host, flags);
    }

    public Fork pod(String p) {
      return new Fork(kind, name, p, host, flags);
    }

    public Fork host(String h) {
      return new Fork(kind, name, pod, h, flags);
    }

    public Fork flags(String... f) {
      return new Fork(kind, name, pod, host, List.of(f));
    }
  }

  private final List<Fork> forks;
  private final Runnable assumption;
  private final Map<String, ForkedApp> forked = new LinkedHashMap<>();
  private final Map<String, Stage.App> apps = new LinkedHashMap<>();
  private volatile OtlpCollector tap;

  private AgentApps(List<Fork> forks, Runnable assumption) {
    this.forks = forks;
    this.assumption = assumption;
  }

  /** Undertow apps by name, with the defaults. */
  public static AgentApps undertow(String... names) {
    return of(Arrays.stream(names).map(Fork::undertow).toArray(Fork[]::new));
  }

  public static AgentApps of(Fork... forks) {
    return new AgentApps(List.of(forks), () -> {});
  }

  /** Skips the class without nginx (outside CI, which installs it). */
  public AgentApps behindNginx() {
    return new AgentApps(
        forks,
        () -> {
          if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(
                Nginx.binary() != null, "nginx is not installed (sudo apt-get install -y nginx)");
          }
        });
  }

  /** Skips the class without haproxy. */
  public AgentApps behindHaproxy() {
    return new AgentApps(
        forks, () -> Assumptions.assumeTrue(Haproxy.binary() != null, "haproxy is not installed"));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    assumption.run();
    tap = new OtlpCollector();
    try {
      Map<Fork, CompletableFuture<ForkedApp>> starting = new LinkedHashMap<>();
      for (Fork f : forks) {
        starting.put(f, CompletableFuture.supplyAsync(() -> fork(f)));
      }
      starting.forEach(
          (f, started) -> {
            ForkedApp app = started.join();
            apps.put(f.name(), new Stage.App(f.name(), app.name(), f.host(), app.port()));
          });
    } catch (RuntimeException e) {
      afterAll(context);
      throw e;
    }
    // The tap forwards nowhere yet: these spans reach no operator.
    forked.values().forEach(ForkedApp::warmUp);
  }

  private ForkedApp fork(Fork f) {
    try {
      ForkedApp app = ForkedApp.start(f.kind(), Stage.NS, f.pod(), tap.httpEndpoint(), f.flags());
      synchronized (forked) {
        forked.put(f.name(), app);
      }
      return app;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Where the apps' spans arrive first. */
  public OtlpCollector tap() {
    return tap;
  }

  public Stage.App app(String name) {
    return apps.get(name);
  }

  /**
   * Sends the tap's spans to the stage's operator once its caches hold every Pod and Ingress (else
   * the spans would stay uncorrelated).
   */
  public void attach(Stage stage, List<Stage.Route> routes) {
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

  public void detach() {
    tap.clearTargets();
    tap.clearListeners();
  }

  /** After a test: {@link #detach()}, then closes its driver and stage (null: never started). */
  public void detach(Driver driver, Stage stage) {
    detach();
    if (driver != null) {
      driver.close();
    }
    if (stage != null) {
      stage.close();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    synchronized (forked) {
      forked.values().forEach(ForkedApp::close);
      forked.clear();
    }
    apps.clear();
    if (tap != null) {
      tap.close();
    }
  }
}
