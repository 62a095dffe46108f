package io.wsaudit.bench.operator;

import static io.wsaudit.bench.operator.OperatorReport.median;
import static io.wsaudit.bench.operator.OperatorReport.percentile;
import static io.wsaudit.bench.operator.OperatorReport.values;

import java.util.List;
import java.util.Locale;

/**
 * The "Evidence threshold → Ingress patch" part of the operator section: patch latency beside a
 * plain merge patch.
 */
final class LatencySection {

  private LatencySection() {}

  static void render(StringBuilder md, OperatorBench.Results r) {
    if (!r.latency().isEmpty()) {
      md.append("### Evidence threshold → Ingress patch\n\n")
          .append(
              "Mock API server (Fabric8, CRUD mode, 127.0.0.1) with the ingress-nginx controller ConfigMap "
                  + "`proxy-http-version: \"1.0\"`, a `WebSocketAuditPolicy` in Enforce mode with `minConnections: ")
          .append(r.plan().minConnections())
          .append(
              "`, and per repetition a fresh Pod, Service, EndpointSlice and "
                  + "Ingress. The spans of ")
          .append(r.plan().minConnections() - 1)
          .append(
              " early-closed HTTP/1.0 "
                  + "connections go first (one OTLP request); 0.5 s later, with a watch open on the Ingress, the request "
                  + "with the connection that crosses the threshold: timed from just before it is sent to the watch "
                  + "event that shows `proxy-http-version: \"1.1\"`. The operator runs in the bench JVM with "
                  + "`--patch-interval` 1 ms (default 10 min: one patch per controller per interval would stop every "
                  + "repetition after the first) and otherwise default timings (resync 30 s, so the patch comes from "
                  + "the evidence event, not a resync). Baseline: on another fresh Ingress, this client's JSON merge "
                  + "patch of the same annotation, to its response and to its watch event.\n\n");
      md.append("| measure (ms) | median | p90 | min | max |\n|---|---|---|---|---|\n");
      row(
          md,
          "operator: crossing request sent → patched Ingress on the watch",
          values(r.latency(), PatchLatencyBench.Run::thresholdToEventMs));
      row(
          md,
          "operator: crossing request sent → its OTLP response",
          values(r.latency(), PatchLatencyBench.Run::sendReturnedMs));
      row(
          md,
          "baseline: merge patch sent → its response",
          values(r.latency(), PatchLatencyBench.Run::baselinePatchMs));
      row(
          md,
          "baseline: merge patch sent → its watch event",
          values(r.latency(), PatchLatencyBench.Run::baselineEventMs));
      if (r.latencyCounts() != null) {
        md.append(
            String.format(
                Locale.ROOT,
                "\nPatches the operator counted over the measured repetitions: %.0f of "
                    + "%d (`wsaudit_patches_total`); uncorrelated spans: %.0f.\n",
                r.latencyCounts().patches(),
                r.latency().size(),
                r.latencyCounts().uncorrelated()));
      }
      md.append('\n');
    }
  }

  private static void row(StringBuilder md, String label, List<Double> v) {
    double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    md.append(
        String.format(
            Locale.ROOT,
            "| %s | %.1f | %.1f | %.1f | %.1f |\n",
            label,
            median(s),
            percentile(s, 90),
            s[0],
            s[s.length - 1]));
  }
}
