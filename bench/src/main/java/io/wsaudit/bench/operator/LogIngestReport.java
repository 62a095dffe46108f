package io.wsaudit.bench.operator;

import static io.wsaudit.bench.Report.fmt;

import io.wsaudit.bench.Machine;
import io.wsaudit.bench.Stats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The "Operator: proxy-log ingestion" section of {@code RESULTS.md}: the target beside the
 * measurement, the counting baseline, which sink the operator's path ended in, every run.
 */
public final class LogIngestReport {

  static final double TARGET = 100_000;

  private LogIngestReport() {}

  public static String section(
      List<LogIngestBench.Run> runs,
      OperatorPlan plan,
      String command,
      Instant started,
      Instant finished,
      String loadBefore,
      String loadAfter) {
    StringBuilder md = new StringBuilder("## Operator: proxy-log ingestion\n\n");
    Machine.header(
        md,
        command,
        plan.mode(),
        " (a smoke check: short phases — not the numbers to quote)",
        started,
        finished);
    md.append("; JDK ")
        .append(System.getProperty("java.runtime.version"))
        .append("\n- load average before: `")
        .append(loadBefore)
        .append("`, after: `")
        .append(loadAfter)
        .append("`\n")
        .append(
            String.format(
                Locale.ROOT,
                "- plan: %d repetition(s), each %d s per receiver after a %d s warm-up, %d client"
                    + " connections, %d distinct requests of 512–8192 records\n",
                plan.ingestReps(),
                plan.phase().toSeconds(),
                plan.warmup().toSeconds(),
                plan.workers(),
                LogIngestBench.DISTINCT_BATCHES))
        .append("- path measured: ")
        .append(pathMeasured(runs))
        .append("\n\n");
    md.append(
        "The same pre-encoded OTLP/HTTP protobuf logs exports (`LogMix`: an ingress-nginx controller's access"
            + " log as the Collector's filelog receiver, container parser and k8sattributes send it, batches of"
            + " 512, 1024, 2048, 4096 and 8192 records; 95 % ordinary requests, 5 % WebSocket lines with status"
            + " 101 and their lifetimes as `$request_time`, ingress-nginx's default `log-format-upstream`) posted"
            + " by the JDK HttpClient, one request in flight per connection, to the operator as wired"
            + " (`WsAuditOperator` in the bench JVM against the mock API server) and to the same"
            + " `OtlpHttpReceiver` with a `LogLineSink` that only counts, interleaved, the order alternating"
            + " per repetition. Lines/s are records in requests answered 200.\n\n");
    Stats.Summary op = rate(runs, "operator");
    Stats.Summary base = rate(runs, "counting");
    md.append(
            "| measure | target | operator (median, min–max) | counting sink, same run | verdict |\n")
        .append("|---|---|---|---|---|\n")
        .append(
            "| OTLP/HTTP log ingestion, 95 % non-upgrade lines, protobuf (lines/s) | ≥ 100,000 | ")
        .append(fmt("%,.0f", op))
        .append(" | ")
        .append(fmt("%,.0f", base))
        .append(" (operator ×")
        .append(fmt("%.2f", ratio(runs)))
        .append(") | ")
        .append(
            op.isEmpty()
                ? "n/a"
                : (op.median() >= TARGET ? "met" : "**missed**")
                    + String.format(Locale.ROOT, " (×%.2f of target)", op.median() / TARGET))
        .append(" |\n\n");
    md.append(
        "| rep | receiver | lines/s | requests | failed | lines acknowledged | received / skipped /"
            + " read by the collector (operator's counters; the sink's count) |\n|---|---|---|---|---|---|---|\n");
    for (LogIngestBench.Run r : runs) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %,.0f | %,d | %d | %,d | %,.0f / %,.0f / %,.0f |\n",
              r.rep(),
              r.target(),
              r.load().spansPerSecond(),
              r.load().requests(),
              r.load().failed(),
              r.load().spans(),
              r.received(),
              r.skipped(),
              r.read()));
    }
    md.append('\n');
    return md.toString();
  }

  /** The closing lines, also printed on stdout. */
  public static List<String> headline(List<LogIngestBench.Run> runs) {
    List<String> out = new ArrayList<>();
    Stats.Summary op = rate(runs, "operator");
    if (!op.isEmpty()) {
      out.add(
          String.format(
              Locale.ROOT,
              "proxy-log ingestion (protobuf, 95 %% non-upgrade lines): %,.0f lines/s, ×%.2f of the"
                  + " counting sink's %,.0f — target ≥ 100,000: %s",
              op.median(),
              ratio(runs).median(),
              rate(runs, "counting").median(),
              op.median() >= TARGET ? "met" : "missed"));
    }
    return out;
  }

  /**
   * Whether the operator's lines went the whole way, from its own counters: every line received is
   * read by {@code ProxyLogCollector}, else some stopped before it (refused by the receiver).
   */
  static String pathMeasured(List<LogIngestBench.Run> runs) {
    double received = 0;
    double read = 0;
    for (LogIngestBench.Run r : runs) {
      if (r.target().equals("operator")) {
        received += r.received();
        read += r.read();
      }
    }
    if (received > 0 && read < received) {
      return "the operator's receive and decode; only "
          + Math.round(read)
          + " of "
          + Math.round(received)
          + " lines reached `ProxyLogCollector`";
    }
    return "the operator's whole path as wired: receive, decode, sender check and its `LogLineSink`"
        + " (`ProxyLogCollector`: parse, correlate, file)";
  }

  static Stats.Summary rate(List<LogIngestBench.Run> runs, String target) {
    return Stats.summarize(
        runs.stream()
            .filter(r -> r.target().equals(target))
            .map(r -> r.load().spansPerSecond())
            .toList());
  }

  /** Per repetition: operator / counting sink. */
  static Stats.Summary ratio(List<LogIngestBench.Run> runs) {
    List<Double> v = new ArrayList<>();
    for (LogIngestBench.Run op : runs) {
      if (op.target().equals("operator")) {
        runs.stream()
            .filter(b -> b.rep() == op.rep() && b.target().equals("counting"))
            .findFirst()
            .ifPresent(b -> v.add(op.load().spansPerSecond() / b.load().spansPerSecond()));
      }
    }
    return Stats.summarize(v);
  }
}
