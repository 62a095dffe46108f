package io.wsaudit.e2e.demo;

import io.wsaudit.e2e.Timeline;
import io.wsaudit.e2e.apps.ForkedApp;
import io.wsaudit.e2e.stage.Stage;
import io.wsaudit.operator.tracing.TraceLinks;
import io.wsaudit.testkit.apps.EchoProgram;
import io.wsaudit.testkit.apps.python.PythonWebsocketsEchoServer;
import io.wsaudit.testkit.nginx.Nginx;
import io.wsaudit.testkit.otlp.OtlpCollector;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The README's demo ({@code ./demo.sh [--scenario http10|connection|idle|polyglot|all]}, default
 * all: the first three): the whole wsaudit loop on one machine, narrated. Starts Undertow and
 * Tomcat with the agent (and, for {@code polyglot}, a Python backend with none), then for each
 * scenario an embedded API server stand-in, the ingress-nginx model with a real nginx and the
 * operator in Enforce mode; drives WebSocket clients through nginx; prints a timeline and a
 * summary; stops everything (also on Ctrl-C, through a shutdown hook).
 */
public final class Demo {

  static final String USAGE =
      "usage: ./demo.sh [--scenario http10|connection|idle|polyglot|all] [--trace-ui-url URL]";
  private static final PrintStream OUT = System.out;

  private final DemoResources resources = new DemoResources();

  private Demo() {}

  public static void main(String[] args) throws Exception {
    List<DemoScenario> scenarios;
    TraceLinks links;
    try {
      scenarios = scenarios(args);
      links = traceLinks(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    DemoLogging.quiet();
    Demo demo = new Demo();
    Runtime.getRuntime().addShutdownHook(new Thread(demo::stopAll, "demo-shutdown"));
    int code;
    try {
      code = demo.run(scenarios, links);
    } catch (Exception | Error e) {
      if (demo.resources.stopped()) {
        // Ctrl-C: the shutdown hook is stopping everything under the running demo; not an error.
        return;
      }
      System.err.println("demo failed: " + e);
      code = 1;
    } finally {
      demo.stopAll();
    }
    System.exit(code);
  }

  /** The scenarios {@code --scenario NAME} (or {@code --scenario=NAME}) selects; all by default. */
  static List<DemoScenario> scenarios(String[] args) {
    String name = "all";
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--scenario") && i + 1 < args.length) {
        name = args[++i];
      } else if (args[i].startsWith("--scenario=")) {
        name = args[i].substring("--scenario=".length());
      } else if (args[i].equals("--trace-ui-url") && i + 1 < args.length) {
        i++;
      } else if (!args[i].startsWith("--trace-ui-url=")) {
        throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    String chosen = name;
    if (chosen.equals("all")) {
      return DemoScenario.all();
    }
    return List.of(
        DemoScenario.named().stream()
            .filter(s -> s.name().equals(chosen))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown scenario: " + chosen)));
  }

  /**
   * The trace UI the summary links to: {@code --trace-ui-url URL} (or {@code =URL}), else {@code
   * WSAUDIT_TRACE_UI_URL}; off when neither is set.
   */
  static TraceLinks traceLinks(String[] args) {
    String url = System.getenv("WSAUDIT_TRACE_UI_URL");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--trace-ui-url") && i + 1 < args.length) {
        url = args[++i];
      } else if (args[i].startsWith("--trace-ui-url=")) {
        url = args[i].substring("--trace-ui-url=".length());
      }
    }
    return TraceLinks.of(url);
  }

  private void stopAll() {
    resources.stopAll(
        () ->
            OUT.println("stopping: nginx, the sample apps, the operator, the API server stand-in"));
  }

  private int run(List<DemoScenario> scenarios, TraceLinks links) throws Exception {
    DemoNarration.intro(OUT);
    if (Nginx.binary() == null) {
      OUT.println(
          "nginx is not installed. Install it (Debian/Ubuntu: sudo apt-get install -y nginx; Fedora: sudo dnf"
              + " install nginx; macOS: brew install nginx) and run ./demo.sh again.");
      return 2;
    }
    Timeline tl = new Timeline(OUT);
    OtlpCollector tap = resources.keep(new OtlpCollector());
    String external = System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT");
    boolean python = scenarios.stream().anyMatch(DemoScenario::fromProxyLogs);
    DemoScenario.Apps apps = startApps(tl, tap, external, python);

    List<ScenarioRun.Result> results = new ArrayList<>();
    for (DemoScenario sc : scenarios) {
      results.add(new ScenarioRun(sc, apps, tap, tl, external).run(resources));
    }
    results.forEach(r -> DemoSummary.print(OUT, r, links));
    DemoSummary.trailer(OUT, results, external);
    boolean ok = results.stream().allMatch(ScenarioRun.Result::ok);
    tl.event("demo", ok ? "done" : "done, with problems (see above)");
    return ok ? 0 : 1;
  }

  /**
   * Undertow and Tomcat with the agent, warmed up; spans to the tap (and OTEL_EXPORTER_…); with
   * {@code python}, also the Python backend (no agent).
   */
  private DemoScenario.Apps startApps(
      Timeline tl, OtlpCollector tap, String external, boolean python) throws IOException {
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
    return new DemoScenario.Apps(
        new Stage.App("undertow-chat", "undertow-chat-0", "undertow.shop.example", undertow.port()),
        new Stage.App("tomcat-chat", "tomcat-chat-0", "tomcat.shop.example", tomcat.port()),
        python ? startPython(tl) : null);
  }

  private Stage.App startPython(Timeline tl) throws IOException {
    EchoProgram py = resources.keep(PythonWebsocketsEchoServer.start());
    tl.event(
        "setup",
        "Python websockets (/usr/bin/python3, no agent) pid "
            + py.pid()
            + " on 127.0.0.1:"
            + py.port());
    return new Stage.App("python-chat", "python-chat-0", "python.shop.example", py.port());
  }

  private ForkedApp fork(ForkedApp.Kind kind, String pod, OtlpCollector tap) {
    try {
      return resources.keep(ForkedApp.start(kind, Stage.NS, pod, tap.httpEndpoint()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
