package io.wsaudit.bench.operator;

import static io.wsaudit.bench.Machine.cpuModel;
import static io.wsaudit.bench.Report.fmt;

import io.wsaudit.bench.Stats;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The "Operator" section of {@code RESULTS.md}: targets beside measurements, baselines, verdicts,
 * every run.
 */
public final class OperatorReport {

  static final double INGEST_TARGET = 100_000;
  static final double LATENCY_TARGET_MS = 1_000;
  static final double HEAP_TARGET_MB = 512;

  private OperatorReport() {}

  public static String section(
      OperatorBench.Results r,
      String command,
      Instant started,
      Instant finished,
      String loadBefore,
      String loadAfter) {
    StringBuilder md = new StringBuilder();
    md.append("## Operator\n\n");
    md.append("Written by `")
        .append(command)
        .append("`; **mode: ")
        .append(r.plan().mode())
        .append("**")
        .append(
            "quick".equals(r.plan().mode())
                ? " (a smoke check: short phases, a smaller cluster — not the "
                    + "numbers to quote)"
                : "")
        .append(".\n\n");
    md.append("- date: ")
        .append(started.truncatedTo(ChronoUnit.SECONDS))
        .append(" → ")
        .append(finished.truncatedTo(ChronoUnit.SECONDS))
        .append(" (UTC)\n");
    md.append("- machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs (")
        .append(cpuModel())
        .append("); JDK ")
        .append(System.getProperty("java.runtime.version"))
        .append(
            " for the bench, the mock API "
                + "server, the in-process operator and the forked one\n");
    md.append("- load average before: `")
        .append(loadBefore)
        .append("`, after: `")
        .append(loadAfter)
        .append("`\n");
    md.append("- plan: ").append(r.plan().describe()).append("\n\n");

    md.append("### Targets (issue 7) against the measurements\n\n")
        .append(
            "| measure | target | operator (median, min–max) | baseline, same run | verdict |\n|---|---|---|---|---|\n");
    for (boolean gzip : new boolean[] {false, true}) {
      Stats.Summary op = ingest(r, "operator", gzip);
      Stats.Summary sink = ingest(r, "sink", gzip);
      if (!op.isEmpty()) {
        md.append("| OTLP/HTTP ingestion, 95 % other spans, ")
            .append(gzip ? "gzip" : "protobuf")
            .append(" (spans/s) | ≥ 100,000 | ")
            .append(fmt("%,.0f", op))
            .append(" | counting sink ")
            .append(fmt("%,.0f", sink))
            .append(" (operator ×")
            .append(fmt("%.2f", ingestRatio(r, gzip)))
            .append(") | ")
            .append(
                verdict(
                    op.median() >= INGEST_TARGET, op.median() / INGEST_TARGET, "×%.2f of target"))
            .append(" |\n");
      }
    }
    if (!r.latency().isEmpty()) {
      double[] ms =
          r.latency().stream()
              .mapToDouble(PatchLatencyBench.Run::thresholdToEventMs)
              .sorted()
              .toArray();
      double p90 = percentile(ms, 90);
      md.append("| evidence threshold → Ingress patch seen on a watch (ms) | ≤ 1,000 | median ")
          .append(
              String.format(
                  Locale.ROOT, "%.0f, p90 %.0f, max %.0f", median(ms), p90, ms[ms.length - 1]))
          .append(" | plain merge patch → its watch event: median ")
          .append(
              String.format(
                  Locale.ROOT,
                  "%.0f",
                  Stats.summarize(values(r.latency(), PatchLatencyBench.Run::baselineEventMs))
                      .median()))
          .append(" | ")
          .append(
              verdict(
                  ms[ms.length - 1] <= LATENCY_TARGET_MS,
                  ms[ms.length - 1] / LATENCY_TARGET_MS,
                  "max %.2f× the target"))
          .append(" |\n");
    }
    if (!r.heapFull().isEmpty()) {
      Stats.Summary full =
          Stats.summarize(r.heapFull().stream().map(HeapBench.Run::heapUsedMb).toList());
      Stats.Summary empty =
          Stats.summarize(r.heapEmpty().stream().map(HeapBench.Run::heapUsedMb).toList());
      md.append(
              String.format(
                  Locale.ROOT,
                  "| heap in use after full GC, %,d Ingresses + %,d Pods cached (MB) | ≤ 512 | ",
                  r.population().ingresses(),
                  r.population().pods()))
          .append(fmt("%.0f", full))
          .append(" | empty cluster ")
          .append(fmt("%.0f", empty))
          .append(" | ")
          .append(
              verdict(
                  full.median() <= HEAP_TARGET_MB,
                  full.median() / HEAP_TARGET_MB,
                  "%.2f of the budget"))
          .append(" |\n");
    }
    md.append('\n');

    if (!r.ingest().isEmpty()) {
      md.append("### OTLP/HTTP ingestion\n\n")
          .append("The same pre-encoded requests (")
          .append(r.plan().batchSize())
          .append(
              " spans each, as the SDK's BatchSpanProcessor sends them: HTTP server, Spring MVC and JDBC spans "
                  + "of the OpenTelemetry Java agent's scopes with their usual attributes and a 20-attribute resource, "
                  + "plus 5 % wsaudit handshake/close pairs that correlate with a real Pod, Service, EndpointSlice and "
                  + "Ingress under an Observe policy, so each is filed as evidence) posted by ")
          .append(r.plan().workers())
          .append(
              " HTTP/1.1 connections (JDK HttpClient, one request in flight each) "
                  + "to the operator's `OtlpHttpReceiver` (in the bench JVM, started as `WsAuditOperator` against the "
                  + "mock API server) and, as the baseline, to a counting JDK `HttpServer` (`OtlpSink`, 4 handler "
                  + "threads like the receiver) that walks the protobuf wire format and discards. Receivers and "
                  + "encodings interleaved, order alternating per repetition; a discarded warm-up first. The operator's "
                  + "counts are from its `/metrics`.\n\n");
      md.append(
          "| encoding | operator spans/s | sink spans/s | ratio | spans acknowledged / counted by the "
              + "operator | wsaudit spans acknowledged / counted as wsaudit | uncorrelated | failed requests |\n"
              + "|---|---|---|---|---|---|---|---|\n");
      for (boolean gzip : new boolean[] {false, true}) {
        List<IngestBench.Run> ops =
            r.ingest().stream()
                .filter(x -> x.gzip() == gzip && x.target().equals("operator"))
                .toList();
        long sent = ops.stream().mapToLong(x -> x.load().spans()).sum();
        long sentWs = ops.stream().mapToLong(x -> x.load().wsauditSpans()).sum();
        double counted = ops.stream().mapToDouble(x -> x.counted().spansReceived()).sum();
        double countedWs = ops.stream().mapToDouble(x -> x.counted().wsauditSpans()).sum();
        double uncorrelated = ops.stream().mapToDouble(x -> x.counted().uncorrelated()).sum();
        long failed =
            r.ingest().stream()
                .filter(x -> x.gzip() == gzip)
                .mapToLong(x -> x.load().failed())
                .sum();
        md.append("| ")
            .append(gzip ? "gzip" : "protobuf")
            .append(" | ")
            .append(fmt("%,.0f", ingest(r, "operator", gzip)))
            .append(" | ")
            .append(fmt("%,.0f", ingest(r, "sink", gzip)))
            .append(" | ×")
            .append(fmt("%.3f", ingestRatio(r, gzip)))
            .append(" | ")
            .append(
                String.format(
                    Locale.ROOT,
                    "%,d / %,.0f | %,d / %,.0f | %,.0f | %d",
                    sent,
                    counted,
                    sentWs,
                    countedWs,
                    uncorrelated,
                    failed))
            .append(" |\n");
      }
      SpanMix.Batch b =
          new SpanMix(7, IngestBench.NS, IngestBench.POD, IngestBench.HOST, "1.1", 30_000)
              .batches(1, r.plan().batchSize())
              .get(0);
      md.append(
          String.format(
              Locale.ROOT,
              "\nOne request: %d spans (%d wsaudit), %,d bytes protobuf, %,d bytes " + "gzip.\n\n",
              b.spans(),
              b.wsauditSpans(),
              b.protobuf().length,
              b.gzip().length));
    }

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

    if (r.population() != null) {
      HeapBench.Population p = r.population();
      md.append("### Heap with a large cluster in the caches\n\n")
          .append(
              String.format(
                  Locale.ROOT,
                  "The operator as it ships (`java -jar operator/target/wsaudit-operator.jar`, "
                      + "default JVM flags, configured by `WSAUDIT_*` variables and a kubeconfig pointing at the mock API "
                      + "server) until `/readyz` answers 200 (its informers have synced); then, every %d s, `jcmd <pid> GC.run` twice "
                      + "and `GC.heap_info` (heap in use) until three readings in a row agree within 5 %% (at most %d s; "
                      + "see below why), the last reading being the figure; then a class histogram (`GC.class_histogram`, "
                      + "live objects). The cluster: %,d apps in %d namespaces, each a Deployment-like "
                      + "set of %d Pods (labels, ReplicaSet ownerReference, a container with 8 env vars, 2 ports, readiness "
                      + "and liveness probes, resources, a projected service-account volume, status with 5 conditions, "
                      + "podIPs and a container status, managedFields of kube-controller-manager and kubelet), a Service, "
                      + "an EndpointSlice listing the Pods, an ingress-nginx Ingress with TLS and 3 annotations, and an "
                      + "Observe policy per namespace. Average JSON size: Pod %,.0f B, EndpointSlice %,.0f B, Service %,.0f B, "
                      + "Ingress %,.0f B (only the Pods carry managedFields). Baseline: the same operator against a cluster "
                      + "with only the policies, ConfigMap and IngressClass, interleaved.\n\n",
                  r.plan().interval().toSeconds(),
                  r.plan().settleAtMost().toSeconds(),
                  p.ingresses(),
                  r.plan().namespaces(),
                  r.plan().podsPerApp(),
                  p.podJsonBytes(),
                  p.sliceJsonBytes(),
                  p.serviceJsonBytes(),
                  p.ingressJsonBytes()))
          .append(
              String.format(
                  Locale.ROOT,
                  "How the cluster was filled (%.0f s): creating objects over HTTP takes "
                      + "the CRUD mock ~100 per second here (10k Pods took 88 s, and it slows as it fills), so the bench "
                      + "stores them **in-process through the mock's CRUD dispatcher** (`KubernetesCrudDispatcher.processEvent`, "
                      + "what its POST handler does after validation, with a resourceVersion from its counter); the "
                      + "operator then lists and watches them over HTTP like any client.\n\n",
                  p.seconds()));
      md.append(
          "| cluster | ready after (s) | heap in use after GC (MB) | live objects (MB) | readings (MB, first "
              + "repetition) |\n|---|---|---|---|---|\n");
      heapRow(md, "empty", r.heapEmpty());
      heapRow(
          md,
          String.format(
              Locale.ROOT,
              "%,d Ingresses, %,d Pods, %,d Services, %,d EndpointSlices",
              p.ingresses(),
              p.pods(),
              p.services(),
              p.slices()),
          r.heapFull());
      double full =
          Stats.summarize(r.heapFull().stream().map(HeapBench.Run::heapUsedMb).toList()).median();
      double empty =
          Stats.summarize(r.heapEmpty().stream().map(HeapBench.Run::heapUsedMb).toList()).median();
      md.append(
          String.format(
              Locale.ROOT,
              "\nDifference: %.0f MB, i.e. %,.0f bytes per app (Ingress + %d Pods + "
                  + "Service + EndpointSlice).\n\n",
              full - empty,
              (full - empty) * 1048576 / Math.max(1, p.ingresses()),
              r.plan().podsPerApp()));
      HeapBench.Run withHistogram =
          r.heapFull().stream().filter(x -> x.histogram() != null).findFirst().orElse(null);
      if (withHistogram != null) {
        md.append(
            "Largest classes, full cluster (first repetition):\n\n| class | instances | MB |\n|---|---|---|\n");
        for (Object[] c : withHistogram.histogram().largest(10)) {
          md.append(
              String.format(
                  Locale.ROOT,
                  "| `%s` | %,d | %.1f |\n",
                  c[0],
                  (long) c[1],
                  (long) c[2] / 1048576.0));
        }
        md.append('\n');
      }
      md.append(
          "Why several readings, and what the `byte[]` are: the informers' list responses — the whole JSON of "
              + "each list, ~58 MB for 10k Pods, ~293 MB for 50k — stay reachable after the sync, from the finished "
              + "exchange of Fabric8's JDK HttpClient transport (heap dumps of the forked operator: `byte[]` ← the "
              + "future of Fabric8's `ByteArrayBodyHandler` ← the JDK client's `ResponseTimerEvent`/`MultiExchange`, "
              + "or a finished HTTP/2 `Stream`). Some are let go within seconds (5k Pods: −20 MB 6 s after the sync), "
              + "the Pod list was still there when the readings settled (4k apps: the same 148 MB of `byte[]` with "
              + "HTTP/2 disabled, `-Dkubernetes.http2.disable=true`), and is counted in the figure.\n\n");
    }
    md.append("### Closing note (operator)\n\n");
    headline(r).forEach(l -> md.append("- ").append(l).append('\n'));
    md.append('\n');
    return md.toString();
  }

  /** One line per target: the measurement, the baseline, the verdict. */
  public static List<String> headline(OperatorBench.Results r) {
    List<String> out = new ArrayList<>();
    Stats.Summary op = ingest(r, "operator", false);
    if (!op.isEmpty()) {
      out.add(
          String.format(
              Locale.ROOT,
              "ingestion (protobuf, 95 %% other spans): %,.0f spans/s, ×%.2f of the "
                  + "counting sink's %,.0f; gzip %,.0f spans/s — target ≥ 100,000: %s",
              op.median(),
              ingestRatio(r, false).median(),
              ingest(r, "sink", false).median(),
              ingest(r, "operator", true).median(),
              op.median() >= INGEST_TARGET ? "met" : "missed"));
    }
    if (!r.latency().isEmpty()) {
      double[] ms =
          r.latency().stream()
              .mapToDouble(PatchLatencyBench.Run::thresholdToEventMs)
              .sorted()
              .toArray();
      out.add(
          String.format(
              Locale.ROOT,
              "threshold → patch on the watch: median %.0f ms, p90 %.0f ms, max %.0f ms "
                  + "(plain merge patch → watch event: median %.0f ms) — target ≤ 1 s: %s",
              median(ms),
              percentile(ms, 90),
              ms[ms.length - 1],
              Stats.summarize(values(r.latency(), PatchLatencyBench.Run::baselineEventMs)).median(),
              ms[ms.length - 1] <= LATENCY_TARGET_MS ? "met" : "missed"));
    }
    if (!r.heapFull().isEmpty()) {
      double full =
          Stats.summarize(r.heapFull().stream().map(HeapBench.Run::heapUsedMb).toList()).median();
      double empty =
          Stats.summarize(r.heapEmpty().stream().map(HeapBench.Run::heapUsedMb).toList()).median();
      out.add(
          String.format(
              Locale.ROOT,
              "heap with %,d Ingresses and %,d Pods cached: %.0f MB in use after GC "
                  + "(empty cluster %.0f MB) — target ≤ 512 MB: %s",
              r.population().ingresses(),
              r.population().pods(),
              full,
              empty,
              full <= HEAP_TARGET_MB ? "met" : "missed"));
    }
    return out;
  }

  static String readings(HeapBench.Run run) {
    return run.readingsMb() == null
        ? ""
        : run.readingsMb().stream()
            .map(v -> String.format(Locale.ROOT, "%.0f", v))
            .collect(java.util.stream.Collectors.joining(" → "));
  }

  private static void heapRow(StringBuilder md, String label, List<HeapBench.Run> runs) {
    md.append("| ")
        .append(label)
        .append(" | ")
        .append(fmt("%.1f", Stats.summarize(runs.stream().map(x -> x.readyMs() / 1e3).toList())))
        .append(" | ")
        .append(fmt("%.1f", Stats.summarize(runs.stream().map(HeapBench.Run::heapUsedMb).toList())))
        .append(" | ")
        .append(fmt("%.1f", Stats.summarize(runs.stream().map(HeapBench.Run::liveMb).toList())))
        .append(" | ")
        .append(runs.isEmpty() ? "" : readings(runs.get(0)))
        .append(" |\n");
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

  static Stats.Summary ingest(OperatorBench.Results r, String target, boolean gzip) {
    return Stats.summarize(
        r.ingest().stream()
            .filter(x -> x.gzip() == gzip && x.target().equals(target))
            .map(x -> x.load().spansPerSecond())
            .toList());
  }

  /** Per repetition: operator / sink. */
  static Stats.Summary ingestRatio(OperatorBench.Results r, boolean gzip) {
    List<Double> v = new ArrayList<>();
    for (IngestBench.Run op : r.ingest()) {
      if (op.gzip() == gzip && op.target().equals("operator")) {
        r.ingest().stream()
            .filter(s -> s.gzip() == gzip && s.rep() == op.rep() && s.target().equals("sink"))
            .findFirst()
            .ifPresent(s -> v.add(op.load().spansPerSecond() / s.load().spansPerSecond()));
      }
    }
    return Stats.summarize(v);
  }

  static <T> List<Double> values(List<T> runs, ToDoubleFunction<T> f) {
    return runs.stream().map(x -> f.applyAsDouble(x)).toList();
  }

  static double median(double[] sorted) {
    return Stats.summarize(java.util.Arrays.stream(sorted).boxed().toList()).median();
  }

  /** Nearest rank, on sorted values. */
  static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static String verdict(boolean met, double factor, String how) {
    return (met ? "met" : "**missed**") + " (" + String.format(Locale.ROOT, how, factor) + ")";
  }
}
