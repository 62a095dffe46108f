package io.wsaudit.e2e.demo;

import io.wsaudit.e2e.client.WsProbe;
import io.wsaudit.e2e.stage.Driver.Attempt;
import io.wsaudit.e2e.stage.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code connection-proxy-header: "keep-alive"} replaces nginx's {@code Connection: upgrade}:
 * Tomcat refuses every upgrade, Undertow (which does not check Connection) upgrades anyway.
 */
final class ConnectionScenario implements DemoScenario {

  static final String CONNECTION_HEADER = Stage.PREFIX + "connection-proxy-header";

  @Override
  public String name() {
    return "connection";
  }

  @Override
  public String headline() {
    return "Ingress shop/chat has connection-proxy-header \"keep-alive\": nginx sends"
        + " Connection: keep-alive upstream instead of Connection: upgrade";
  }

  @Override
  public Map<String, String> annotations() {
    return Map.of(CONNECTION_HEADER, "keep-alive");
  }

  @Override
  public List<Stage.App> routed(Apps apps) {
    return List.of(apps.tomcat(), apps.undertow());
  }

  @Override
  public List<String> patchedKeys() {
    return List.of(CONNECTION_HEADER);
  }

  @Override
  public List<Attempt> wave(int n, Apps apps) {
    List<Attempt> a = new ArrayList<>();
    for (int k = 1; k <= 3; k++) {
      a.add(new Attempt("tomcat try " + n + "." + k, apps.tomcat(), Duration.ofSeconds(1)));
    }
    if (n == 1) {
      a.add(new Attempt("undertow try 1", apps.undertow(), Duration.ofSeconds(1)));
    }
    return a;
  }

  @Override
  public boolean fixed(Map<String, String> annotations) {
    // The Fabric8 mock keeps a key a merge patch deleted, with a null value.
    return annotations.get(CONNECTION_HEADER) == null;
  }

  @Override
  public String reloadMarker() {
    return "proxy_set_header Connection $connection_upgrade;";
  }

  @Override
  public List<Attempt> after(Apps apps) {
    Duration hold = Duration.ofSeconds(4);
    return List.of(
        new Attempt("tomcat after 1", apps.tomcat(), hold),
        new Attempt("tomcat after 2", apps.tomcat(), hold),
        new Attempt("tomcat after 3", apps.tomcat(), hold));
  }

  @Override
  public String before(List<WsProbe.Outcome> broken) {
    List<WsProbe.Outcome> tomcat =
        broken.stream().filter(o -> o.label().startsWith("tomcat")).toList();
    return tomcat.size()
        + " Tomcat upgrades were refused with "
        + tomcat.stream().map(o -> String.valueOf(o.status())).distinct().toList()
        + " (no \"upgrade\" in the Connection header nginx sent); Undertow does not check"
        + " Connection and upgraded anyway.";
  }

  @Override
  public String after(List<WsProbe.Outcome> fixed) {
    return DemoScenario.survivors(fixed)
        + "/"
        + fixed.size()
        + " new Tomcat connections upgraded (nginx sends Connection: upgrade again) and echoed"
        + " for "
        + DemoScenario.minLifetimeMs(fixed)
        + "+ ms";
  }
}
