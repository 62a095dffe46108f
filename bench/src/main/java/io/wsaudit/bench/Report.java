package io.wsaudit.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Renders {@code RESULTS.md}: every figure a ratio to the no-agent baseline of the same repetition
 * (paired, since the setups are interleaved), as median and min–max over the repetitions; absolute
 * deltas where the target is absolute.
 */
public final class Report {

  /** How one measure is read. */
  public enum Measure {
    LOOP(
        "handshake+echo+close loop (conn/s, 4 workers)",
        RunResult::loopPerSecond,
        "%.0f",
        1,
        false),
    LOOP_CPU(
        "server CPU per connection in the loop (µs)",
        RunResult::loopCpuMicrosPerConnection,
        "%.0f",
        1,
        true),
    ECHO("message echo rate (msg/s, 100 connections)", RunResult::echoPerSecond, "%.0f", 1, false),
    ECHO_CPU(
        "server CPU per echoed message (µs)", RunResult::echoCpuMicrosPerMessage, "%.1f", 1, true),
    P50("handshake latency p50 (ms, 1 at a time)", RunResult::handshakeP50Ms, "%.3f", 1, true),
    P99("handshake latency p99 (ms, 1 at a time)", RunResult::handshakeP99Ms, "%.3f", 1, true),
    STARTUP("startup to first upgrade (ms)", RunResult::startupMs, "%.0f", 1, true),
    HEAP_IDLE(
        "heap in use after GC, 0 connections (MB)", RunResult::heapIdleBytes, "%.1f", 1e-6, true),
    HEAP_OPEN("heap in use after GC, N open (MB)", RunResult::heapOpenBytes, "%.1f", 1e-6, true),
    PER_CONN(
        "retained heap per open connection (bytes)",
        RunResult::bytesPerConnection,
        "%.0f",
        1,
        true);

    final String label;
    final ToDoubleFunction<RunResult> value;
    final String format;
    final double scale;
    final boolean showDelta;

    Measure(
        String label,
        ToDoubleFunction<RunResult> value,
        String format,
        double scale,
        boolean showDelta) {
      this.label = label;
      this.value = value;
      this.format = format;
      this.scale = scale;
      this.showDelta = showDelta;
    }
  }

  private final List<RunResult> runs;

  public Report(List<RunResult> runs) {
    this.runs = List.copyOf(runs);
  }

  private RunResult find(ServerKind server, AgentSetup setup, int rep) {
    for (RunResult r : runs) {
      if (r.server() == server && r.setup() == setup && r.rep() == rep) {
        return r;
      }
    }
    return null;
  }

  private List<Integer> reps(ServerKind server) {
    return runs.stream()
        .filter(r -> r.server() == server)
        .map(RunResult::rep)
        .distinct()
        .sorted()
        .toList();
  }

  public Stats.Summary absolute(ServerKind server, AgentSetup setup, Measure m) {
    List<Double> v = new ArrayList<>();
    for (int rep : reps(server)) {
      RunResult r = find(server, setup, rep);
      if (r != null) {
        v.add(m.value.applyAsDouble(r) * m.scale);
      }
    }
    return Stats.summarize(v);
  }

  /** Per repetition: setup / no agent. */
  public Stats.Summary ratio(ServerKind server, AgentSetup setup, Measure m) {
    return paired(server, setup, m, true);
  }

  /** Per repetition: setup − no agent, in the measure's unit. */
  public Stats.Summary delta(ServerKind server, AgentSetup setup, Measure m) {
    return paired(server, setup, m, false);
  }

  private Stats.Summary paired(ServerKind server, AgentSetup setup, Measure m, boolean ratio) {
    List<Double> v = new ArrayList<>();
    for (int rep : reps(server)) {
      RunResult base = find(server, AgentSetup.NONE, rep);
      RunResult with = find(server, setup, rep);
      if (base != null && with != null) {
        double b = m.value.applyAsDouble(base) * m.scale;
        double w = m.value.applyAsDouble(with) * m.scale;
        v.add(ratio ? w / b : w - b);
      }
    }
    return Stats.summarize(v);
  }

  /** A summary as "median (min–max)" in {@code format}, or the one value, or "n/a". */
  public static String fmt(String format, Stats.Summary s) {
    if (s.isEmpty()) {
      return "n/a";
    }
    if (s.n() == 1) {
      return String.format(Locale.ROOT, format, s.median());
    }
    return String.format(
        Locale.ROOT, format + " (" + format + "–" + format + ")", s.median(), s.min(), s.max());
  }

  static String times(Stats.Summary s) {
    return s.isEmpty() ? "n/a" : "×" + fmt("%.3f", s);
  }

  static String signed(String format, Stats.Summary s) {
    return fmt(format.replace("%", "%+"), s);
  }

  /**
   * One table per server: the baseline in absolute terms, each agent setup as ratio (and delta).
   */
  public String serverTable(ServerKind server) {
    StringBuilder out = new StringBuilder();
    out.append("| measure | no agent (absolute) |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (AgentSetup s : setups()) {
      if (s != AgentSetup.NONE) {
        out.append(' ').append(s.label()).append(" |");
        rule.append("---|");
      }
    }
    out.append('\n').append(rule).append('\n');
    for (Measure m : Measure.values()) {
      out.append("| ")
          .append(m.label)
          .append(" | ")
          .append(fmt(m.format, absolute(server, AgentSetup.NONE, m)))
          .append(" |");
      for (AgentSetup s : setups()) {
        if (s == AgentSetup.NONE) {
          continue;
        }
        out.append(' ');
        if (m == Measure.PER_CONN) {
          Stats.Summary d = delta(server, s, m);
          out.append(signed("%.0f", d)).append(d.isEmpty() ? "" : " B");
        } else {
          out.append(times(ratio(server, s, m)));
          if (m.showDelta) {
            out.append("; ").append(signed(m.format, delta(server, s, m)));
          }
        }
        out.append(" |");
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Spans the sink received per run (median over repetitions), by scope. */
  public String spanTable() {
    StringBuilder out =
        new StringBuilder(
            "| server | setup | wsaudit spans / run | other spans / run | failed ops / run |\n"
                + "|---|---|---|---|---|\n");
    for (ServerKind server : servers()) {
      for (AgentSetup s : setups()) {
        out.append("| ")
            .append(server.label())
            .append(" | ")
            .append(s.label())
            .append(" | ")
            .append(fmt("%.0f", summarize(server, s, r -> r.wsauditSpans())))
            .append(" | ")
            .append(fmt("%.0f", summarize(server, s, r -> r.otherSpans())))
            .append(" | ")
            .append(fmt("%.0f", summarize(server, s, r -> r.failures())))
            .append(" |\n");
      }
    }
    return out.toString();
  }

  private Stats.Summary summarize(ServerKind server, AgentSetup s, ToDoubleFunction<RunResult> f) {
    return Stats.summarize(
        runs.stream()
            .filter(r -> r.server() == server && r.setup() == s)
            .map(r -> f.applyAsDouble(r))
            .toList());
  }

  /** The setups that were run, in declaration order. */
  public List<AgentSetup> setups() {
    return runs.stream().map(RunResult::setup).distinct().sorted().toList();
  }

  public List<ServerKind> servers() {
    return runs.stream().map(RunResult::server).distinct().sorted().toList();
  }

  /**
   * The targets beside wsaudit's medians, with the margin by which each is met or missed.
   */
  public String targetTable() {
    return new TargetTable(this).render();
  }

  /** Rows of the target table that are missed, as "server: target — wsaudit value (verdict)". */
  public List<String> misses() {
    List<String> out = new ArrayList<>();
    for (String row : targetTable().split("\n")) {
      if (row.contains("**missed**")) {
        String[] cells = row.split("\\|");
        String value = cells[3].trim();
        out.add(
            cells[1].trim()
                + ": "
                + cells[2].trim()
                + " — "
                + (value.startsWith("wsaudit") ? "" : "wsaudit ")
                + value
                + " ("
                + cells[5].trim().replace("**", "")
                + ")");
      }
    }
    return out;
  }

  /**
   * "server, setup" pairs where wsaudit, attached beside the OpenTelemetry agent, sent (almost) no
   * span.
   */
  public List<String> silentBesideOtel() {
    List<String> out = new ArrayList<>();
    for (ServerKind server : servers()) {
      double alone = summarize(server, AgentSetup.WSAUDIT, RunResult::wsauditSpans).median();
      for (AgentSetup both :
          List.of(AgentSetup.BOTH, AgentSetup.BOTH_OTEL_FIRST, AgentSetup.EXTENSION)) {
        Stats.Summary s = summarize(server, both, RunResult::wsauditSpans);
        if (!s.isEmpty() && alone > 0 && s.median() < 0.05 * alone) {
          out.add(server.label() + ", " + both.label());
        }
      }
    }
    return out;
  }

  /** The headline: wsaudit's and the OTel agent's median ratios, per server. */
  public Map<String, String> headline() {
    Map<String, String> h = new LinkedHashMap<>();
    for (ServerKind server : servers()) {
      for (Measure m : List.of(Measure.LOOP_CPU, Measure.LOOP, Measure.ECHO, Measure.STARTUP)) {
        h.put(
            server.label() + " " + m.name().toLowerCase(Locale.ROOT),
            String.format(
                    Locale.ROOT,
                    "wsaudit ×%.3f, OTel ×%.3f, both ×%.3f",
                    ratio(server, AgentSetup.WSAUDIT, m).median(),
                    ratio(server, AgentSetup.OTEL, m).median(),
                    ratio(server, AgentSetup.BOTH, m).median())
                + (setups().contains(AgentSetup.EXTENSION)
                    ? String.format(
                        Locale.ROOT,
                        ", extension ×%.3f",
                        ratio(server, AgentSetup.EXTENSION, m).median())
                    : ""));
      }
    }
    return h;
  }
}
