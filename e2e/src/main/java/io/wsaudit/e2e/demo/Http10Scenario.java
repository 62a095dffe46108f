package io.wsaudit.e2e.demo;

import io.wsaudit.e2e.client.WsProbe;
import io.wsaudit.e2e.stage.Driver.Attempt;
import io.wsaudit.e2e.stage.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code proxy-http-version: "1.0"}: Undertow closes each upgraded connection at once. */
final class Http10Scenario implements DemoScenario {

  static final String HTTP_VERSION = Stage.PREFIX + "proxy-http-version";
  private static final Duration HOLD = Duration.ofSeconds(6);

  @Override
  public String name() {
    return "http10";
  }

  @Override
  public String headline() {
    return "Ingress shop/chat has proxy-http-version \"1.0\": nginx speaks HTTP/1.0 to the"
        + " backends, which must ignore Upgrade in HTTP/1.0 (RFC 9110 section 7.8)";
  }

  @Override
  public Map<String, String> annotations() {
    return Map.of(HTTP_VERSION, "1.0");
  }

  @Override
  public List<Stage.App> routed(Apps apps) {
    return List.of(apps.undertow(), apps.tomcat());
  }

  @Override
  public List<String> patchedKeys() {
    return List.of(HTTP_VERSION);
  }

  @Override
  public List<Attempt> wave(int n, Apps apps) {
    List<Attempt> a =
        new ArrayList<>(List.of(new Attempt("undertow try " + n, apps.undertow(), HOLD)));
    if (n == 1) {
      a.add(new Attempt("tomcat try 1", apps.tomcat(), Duration.ofSeconds(1)));
    }
    return a;
  }

  @Override
  public boolean fixed(Map<String, String> annotations) {
    return "1.1".equals(annotations.get(HTTP_VERSION));
  }

  @Override
  public String reloadMarker() {
    return "proxy_http_version 1.1;";
  }

  @Override
  public List<Attempt> after(Apps apps) {
    return List.of(
        new Attempt("undertow after 1", apps.undertow(), HOLD),
        new Attempt("undertow after 2", apps.undertow(), HOLD),
        new Attempt("undertow after 3", apps.undertow(), HOLD),
        new Attempt("tomcat after 1", apps.tomcat(), HOLD));
  }

  @Override
  public String before(List<WsProbe.Outcome> broken) {
    List<WsProbe.Outcome> undertow =
        broken.stream().filter(o -> o.label().startsWith("undertow")).toList();
    return undertow.size()
        + " Undertow connections got 101 and died within "
        + DemoScenario.maxLifetimeMs(undertow)
        + " ms (nginx spoke HTTP/1.0 upstream: Undertow's keep-alive decision closed the socket);"
        + " Tomcat upgraded over HTTP/1.0 and worked.";
  }

  @Override
  public String after(List<WsProbe.Outcome> fixed) {
    return DemoScenario.survivors(fixed)
        + "/"
        + fixed.size()
        + " new connections upgraded over HTTP/1.1 and echoed for "
        + DemoScenario.minLifetimeMs(fixed)
        + "+ ms";
  }
}
