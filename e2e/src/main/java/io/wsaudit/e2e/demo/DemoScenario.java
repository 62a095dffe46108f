package io.wsaudit.e2e.demo;

import io.wsaudit.e2e.client.WsProbe;
import io.wsaudit.e2e.stage.Driver.Attempt;
import io.wsaudit.e2e.stage.Stage;
import java.util.List;
import java.util.Map;

/**
 * One failure the demo shows: how the Ingress {@code shop/chat} starts, what clients do while it is
 * broken, how to tell the operator's fix reached nginx, and what clients do after.
 */
interface DemoScenario {

  /**
   * The sample apps a scenario may route: Undertow and Tomcat with the agent, and a Python backend
   * with none (null unless a chosen scenario needs it).
   */
  record Apps(Stage.App undertow, Stage.App tomcat, Stage.App python) {}

  /** As given to {@code --scenario}. */
  String name();

  /** What is wrong, in one line, before anything runs. */
  String headline();

  /** The Ingress's annotations at the start. */
  Map<String, String> annotations();

  /** The ingress-nginx ConfigMap's data. */
  default Map<String, String> controllerConfig() {
    return Map.of("worker-shutdown-timeout", "10s");
  }

  /**
   * Whether the operator learns of the failure only from the proxy's logs (the backend has no
   * agent): the run then ships nginx's access and error logs to it as OTLP logs.
   */
  default boolean fromProxyLogs() {
    return false;
  }

  /** The apps the Ingress routes. */
  List<Stage.App> routed(Apps apps);

  /** The keys the fix changes, for the before/after narration. */
  List<String> patchedKeys();

  /** Wave {@code n} (from 1) of clients while the Ingress is broken. */
  List<Attempt> wave(int n, Apps apps);

  /** Whether the Ingress's annotations show the operator's fix. */
  boolean fixed(Map<String, String> annotations);

  /** A line the reload that carries the fix adds to nginx.conf. */
  String reloadMarker();

  /** The clients after the reload. */
  List<Attempt> after(Apps apps);

  /** The summary's "before" sentence. */
  String before(List<WsProbe.Outcome> broken);

  /** The summary's "after" sentence. */
  String after(List<WsProbe.Outcome> fixed);

  /** What {@code --scenario all} (the default) runs: the backends with the agent. */
  static List<DemoScenario> all() {
    return List.of(new Http10Scenario(), new ConnectionScenario(), new IdleScenario());
  }

  /** Every scenario {@code --scenario NAME} can name: also the one with a Python backend. */
  static List<DemoScenario> named() {
    return List.of(
        new Http10Scenario(), new ConnectionScenario(), new IdleScenario(), new PolyglotScenario());
  }

  static long maxLifetimeMs(List<WsProbe.Outcome> outcomes) {
    return outcomes.stream().mapToLong(o -> o.lifetime().toMillis()).max().orElse(0);
  }

  static long minLifetimeMs(List<WsProbe.Outcome> outcomes) {
    return outcomes.stream().mapToLong(o -> o.lifetime().toMillis()).min().orElse(0);
  }

  static long survivors(List<WsProbe.Outcome> outcomes) {
    return outcomes.stream().filter(WsProbe.Outcome::survived).count();
  }
}
