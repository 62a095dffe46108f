package io.wsaudit.bench.operator;

import static io.wsaudit.bench.Report.fmt;

import io.wsaudit.bench.Machine;
import io.wsaudit.bench.Stats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The "Operator" section of {@code RESULTS.md}: targets beside measurements, baselines, verdicts,
 * every run.
 */
public final class OperatorReport {

  /** Issue 7's floor in spans/s. */
  static final double INGEST_TARGET = 100_000;

  /** Issue 17: the operator's rate against the counting sink's, same run (median of the ratios). */
  static final double INGEST_RATIO_TARGET = 0.8;

  static final double LATENCY_TARGET_MS = 1_000;

  /** Issue 17 (issue 7's was 512). */
  static final double HEAP_TARGET_MB = 256;

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
    Machine.header(
        md,
        command,
        r.plan().mode(),
        " (a smoke check: short phases, a smaller cluster — not the numbers to quote)",
        started,
        finished);
    md.append("; JDK ")
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

    md.append("### Targets (issues 7 and 17) against the measurements\n\n")
        .append(
            "| measure | target | operator (median, min–max) | baseline, same run | verdict |\n|---|---|---|---|---|\n");
    for (boolean gzip : new boolean[] {false, true}) {
      Stats.Summary op = ingest(r, "operator", gzip);
      Stats.Summary sink = ingest(r, "sink", gzip);
      if (!op.isEmpty()) {
        md.append("| OTLP/HTTP ingestion, 95 % other spans, ")
            .append(gzip ? "gzip" : "protobuf")
            .append(" (spans/s) | ≥ ×0.80 of the sink and ≥ 100,000 | ")
            .append(fmt("%,.0f", op))
            .append(" | counting sink ")
            .append(fmt("%,.0f", sink))
            .append(" (operator ×")
            .append(fmt("%.2f", ingestRatio(r, gzip)))
            .append(") | ")
            .append(ingestVerdict(op, ingestRatio(r, gzip)))
            .append(" |\n");
      }
    }
    if (!r.latency().isEmpty()) {
      double[] ms = thresholdToEventMs(r);
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
      Stats.Summary full = heapUsedMb(r.heapFull());
      Stats.Summary empty = heapUsedMb(r.heapEmpty());
      md.append(
              String.format(
                  Locale.ROOT,
                  "| heap in use after full GC, %,d Ingresses + %,d Pods cached (MB) | ≤ 256 | ",
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

    IngestSection.render(md, r);
    LatencySection.render(md, r);
    HeapSection.render(md, r);
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
                  + "counting sink's %,.0f; gzip %,.0f spans/s — target ≥ ×0.80 of the sink and"
                  + " ≥ 100,000: %s",
              op.median(),
              ingestRatio(r, false).median(),
              ingest(r, "sink", false).median(),
              ingest(r, "operator", true).median(),
              ingestMet(op, ingestRatio(r, false)) ? "met" : "missed"));
    }
    if (!r.latency().isEmpty()) {
      double[] ms = thresholdToEventMs(r);
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
      double full = heapUsedMb(r.heapFull()).median();
      double empty = heapUsedMb(r.heapEmpty()).median();
      out.add(
          String.format(
              Locale.ROOT,
              "heap with %,d Ingresses and %,d Pods cached: %.0f MB in use after GC "
                  + "(empty cluster %.0f MB) — target ≤ 256 MB: %s",
              r.population().ingresses(),
              r.population().pods(),
              full,
              empty,
              full <= HEAP_TARGET_MB ? "met" : "missed"));
    }
    return out;
  }

  static boolean ingestMet(Stats.Summary op, Stats.Summary ratio) {
    return op.median() >= INGEST_TARGET && ratio.median() >= INGEST_RATIO_TARGET;
  }

  /** Judged by the ratio to the sink; the absolute floor is named when it alone is missed. */
  static String ingestVerdict(Stats.Summary op, Stats.Summary ratio) {
    if (ratio.median() >= INGEST_RATIO_TARGET && op.median() < INGEST_TARGET) {
      return verdict(false, op.median() / INGEST_TARGET, "×%.2f of 100,000 spans/s");
    }
    return verdict(
        ingestMet(op, ratio), ratio.median() / INGEST_RATIO_TARGET, "×%.2f of the ratio target");
  }

  /** OperatorBench logs the readings of each heap run. */
  static String readings(HeapBench.Run run) {
    return HeapSection.readings(run);
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

  /** Threshold → patch on the watch, per repetition, sorted. */
  static double[] thresholdToEventMs(OperatorBench.Results r) {
    return r.latency().stream()
        .mapToDouble(PatchLatencyBench.Run::thresholdToEventMs)
        .sorted()
        .toArray();
  }

  static Stats.Summary heapUsedMb(List<HeapBench.Run> runs) {
    return Stats.summarize(runs.stream().map(HeapBench.Run::heapUsedMb).toList());
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
