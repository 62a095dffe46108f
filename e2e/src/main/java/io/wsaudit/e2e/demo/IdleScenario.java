package io.wsaudit.e2e.demo;

import io.wsaudit.e2e.client.WsProbe;
import io.wsaudit.e2e.stage.Driver.Attempt;
import io.wsaudit.e2e.stage.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code proxy-read-timeout: "3"}: nginx ends an upgraded connection when the backend has sent
 * nothing for 3 s, without a close frame. Clients here are silent, as a chat tab nobody types in.
 */
class IdleScenario implements DemoScenario {

  static final String READ_TIMEOUT = Stage.PREFIX + "proxy-read-timeout";
  static final String SEND_TIMEOUT = Stage.PREFIX + "proxy-send-timeout";

  /** The policy's default {@code idleTimeout.raiseTo}. */
  static final String RAISED = "3600";

  private static final Duration HOLD = Duration.ofSeconds(10);

  @Override
  public String name() {
    return "idle";
  }

  @Override
  public String headline() {
    return "Ingress shop/chat has proxy-read-timeout \"3\": nginx cuts every WebSocket whose"
        + " backend sends nothing for 3 s";
  }

  @Override
  public Map<String, String> annotations() {
    return Map.of(READ_TIMEOUT, "3");
  }

  @Override
  public List<Stage.App> routed(Apps apps) {
    return List.of(app(apps));
  }

  /** The backend the silent clients reach. */
  Stage.App app(Apps apps) {
    return apps.undertow();
  }

  @Override
  public List<String> patchedKeys() {
    return List.of(READ_TIMEOUT, SEND_TIMEOUT);
  }

  @Override
  public List<Attempt> wave(int n, Apps apps) {
    List<Attempt> a = new ArrayList<>();
    for (int k = 1; k <= 3; k++) {
      a.add(Attempt.idle("idle try " + n + "." + k, app(apps), HOLD));
    }
    return a;
  }

  @Override
  public boolean fixed(Map<String, String> annotations) {
    return RAISED.equals(annotations.get(READ_TIMEOUT))
        && RAISED.equals(annotations.get(SEND_TIMEOUT));
  }

  @Override
  public String reloadMarker() {
    return "proxy_read_timeout " + RAISED + "s;";
  }

  @Override
  public List<Attempt> after(Apps apps) {
    return List.of(
        Attempt.idle("idle after 1", app(apps), HOLD),
        Attempt.idle("idle after 2", app(apps), HOLD),
        Attempt.idle("idle after 3", app(apps), HOLD));
  }

  @Override
  public String before(List<WsProbe.Outcome> broken) {
    return broken.size()
        + " silent connections got 101 and were cut "
        + broken.stream().mapToLong(o -> o.lifetime().toMillis()).min().orElse(0)
        + "-"
        + DemoScenario.maxLifetimeMs(broken)
        + " ms later with no close frame (the client sees 1006, the server an EOF): nginx's"
        + " proxy_read_timeout of 3 s had passed with nothing from the backend.";
  }

  @Override
  public String after(List<WsProbe.Outcome> fixed) {
    return DemoScenario.survivors(fixed)
        + "/"
        + fixed.size()
        + " new silent connections stayed open "
        + DemoScenario.minLifetimeMs(fixed)
        + "+ ms, well past the old 3 s (nginx now waits "
        + RAISED
        + " s for the backend)";
  }
}
