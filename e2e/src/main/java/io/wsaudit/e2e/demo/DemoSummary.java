package io.wsaudit.e2e.demo;

import io.wsaudit.e2e.Timeline;
import io.wsaudit.e2e.client.WsProbe;
import io.wsaudit.e2e.nginx.IngressNginxController;
import io.wsaudit.operator.api.v1alpha1.Finding;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.Remediation;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The demo's closing summary: before, the finding, the patch, after, and the time between. */
final class DemoSummary {

  private DemoSummary() {}

  /** Prints the summary; true when the loop closed (every new connection survived, Resolved). */
  static boolean print(
      PrintStream out,
      Timeline tl,
      List<WsProbe.Outcome> broken,
      List<WsProbe.Outcome> fixed,
      Optional<Finding> finding,
      Remediation patch,
      IngressNginxController.Reload reload,
      String external) {
    List<WsProbe.Outcome> undertowBroken =
        broken.stream()
            .filter(o -> o.label().startsWith("undertow"))
            .filter(o -> !o.survived())
            .toList();
    Instant firstBroken =
        undertowBroken.stream()
            .map(WsProbe.Outcome::ended)
            .min(Instant::compareTo)
            .orElse(tl.start());
    Instant firstSurviving =
        fixed.stream()
            .filter(WsProbe.Outcome::survived)
            .map(WsProbe.Outcome::upgraded)
            .min(Instant::compareTo)
            .orElse(null);
    Instant patchedAt = Instant.parse(patch.getTime());
    out.println();
    out.println("Summary");
    out.println(
        "  before: "
            + undertowBroken.size()
            + " Undertow connections got 101 and died within "
            + undertowBroken.stream().mapToLong(o -> o.lifetime().toMillis()).max().orElse(0)
            + " ms (nginx spoke"
            + " HTTP/1.0 upstream: Undertow's keep-alive decision closed the socket); Tomcat upgraded over HTTP/1.0"
            + " and worked.");
    finding.ifPresent(
        f ->
            out.println(
                "  finding: "
                    + f.getRule()
                    + " on Ingress "
                    + f.getIngress()
                    + ", now "
                    + f.getState()
                    + "; sample traces "
                    + f.getSampleTraceIds()));
    out.println(
        "  patch: "
            + patch.getAnnotation()
            + " \""
            + patch.getPreviousValue()
            + "\" -> \""
            + patch.getNewValue()
            + "\" at "
            + patch.getTime()
            + "; nginx reloaded (generation "
            + reload.generation()
            + ")");
    out.println(
        "  after: "
            + fixed.stream().filter(WsProbe.Outcome::survived).count()
            + "/"
            + fixed.size()
            + " new connections upgraded over HTTP/1.1 and echoed for "
            + fixed.stream().mapToLong(o -> o.lifetime().toMillis()).min().orElse(0)
            + "+ ms");
    out.printf(
        "  time: first broken connection -> Ingress patched %d ms -> nginx reloaded %d ms -> first"
            + " surviving connection %s%n",
        Duration.between(firstBroken, patchedAt).toMillis(),
        Duration.between(firstBroken, reload.at()).toMillis(),
        firstSurviving == null
            ? "never"
            : Duration.between(firstBroken, firstSurviving).toMillis() + " ms");
    if (external != null && !external.isBlank()) {
      out.println("  traces: also sent to " + external + " — search for the trace IDs above");
    } else {
      out.println(
          "  traces: set OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 (e.g. a local Jaeger) to see"
              + " them in a tracing UI");
    }
    out.println("  reminder: the API server was an embedded stand-in, not a cluster.");
    out.println();
    return firstSurviving != null
        && fixed.stream().allMatch(WsProbe.Outcome::survived)
        && finding.map(f -> f.getState() == FindingState.Resolved).orElse(false);
  }
}
