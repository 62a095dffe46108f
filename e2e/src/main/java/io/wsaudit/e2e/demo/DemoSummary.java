package io.wsaudit.e2e.demo;

import io.wsaudit.e2e.client.WsProbe;
import io.wsaudit.e2e.stage.Driver;
import io.wsaudit.operator.tracing.TraceLinks;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** The demo's closing summary: per scenario before, the finding, the patch, after, the times. */
final class DemoSummary {

  private DemoSummary() {}

  static void print(PrintStream out, ScenarioRun.Result r, TraceLinks links) {
    DemoScenario sc = r.scenario();
    out.println();
    out.println("Summary (" + sc.name() + ")");
    out.println("  before: " + sc.before(r.broken()));
    r.finding()
        .ifPresent(
            f ->
                out.println(
                    "  finding: "
                        + f.getRule()
                        + " on Ingress "
                        + f.getIngress()
                        + ", now "
                        + f.getState()
                        + (f.getSampleTraceIds().isEmpty()
                            ? "; sample request ids (grep the proxy log) " + f.getSampleRequestIds()
                            : "; sample traces " + f.getSampleTraceIds())));
    // One link a line, so that terminals make each clickable.
    r.finding()
        .ifPresent(f -> links.links(f.getSampleTraceIds()).forEach(l -> out.println("    " + l)));
    if (r.reload() == null) {
      out.println("  patch: none: the operator did not patch the Ingress");
      return;
    }
    out.println(
        "  patch: "
            + r.patches().stream().map(Driver::describe).collect(Collectors.joining("; "))
            + "; nginx reloaded (generation "
            + r.reload().generation()
            + ")");
    out.println("  after: " + sc.after(r.fixed()));
    Instant firstBroken =
        r.broken().stream().map(WsProbe.Outcome::ended).min(Instant::compareTo).orElse(null);
    Instant firstSurviving =
        r.fixed().stream()
            .filter(WsProbe.Outcome::survived)
            .map(WsProbe.Outcome::upgraded)
            .min(Instant::compareTo)
            .orElse(null);
    if (firstBroken != null) {
      Instant patchedAt = Instant.parse(r.patches().get(0).getTime());
      out.printf(
          "  time: first broken connection -> Ingress patched %d ms -> nginx reloaded %d ms ->"
              + " first surviving connection %s%n",
          Duration.between(firstBroken, patchedAt).toMillis(),
          Duration.between(firstBroken, r.reload().at()).toMillis(),
          firstSurviving == null
              ? "never"
              : Duration.between(firstBroken, firstSurviving).toMillis() + " ms");
    }
  }

  /** The lines after every scenario's summary. */
  static void trailer(PrintStream out, List<ScenarioRun.Result> results, String external) {
    out.println();
    if (external != null && !external.isBlank()) {
      out.println("  traces: also sent to " + external + " — search for the trace IDs above");
    } else {
      out.println(
          "  traces: set OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 (e.g. a local Jaeger) to see"
              + " them in a tracing UI");
    }
    out.println(
        "  scenarios: "
            + results.stream()
                .map(r -> r.scenario().name() + (r.ok() ? " fixed" : " NOT fixed"))
                .collect(Collectors.joining(", "))
            + " (one at a time: ./demo.sh --scenario http10|connection|idle|polyglot)");
    out.println("  reminder: the API server was an embedded stand-in, not a cluster.");
    out.println();
  }
}
