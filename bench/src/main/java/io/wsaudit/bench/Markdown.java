package io.wsaudit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The whole {@code RESULTS.md}. */
public final class Markdown {

  private Markdown() {}

  public static String results(
      Report report,
      List<RunResult> runs,
      String mode,
      String plan,
      String command,
      Instant started,
      Instant finished,
      String loadBefore,
      String loadAfter,
      Map<String, Long> jars,
      List<String> notes,
      String diagnosis) {
    StringBuilder md = new StringBuilder();
    md.append("# wsaudit agent bench — results\n\n");
    Machine.header(
        md,
        command,
        mode,
        " (a smoke check: one repetition, short phases, fewer connections — "
            + "not the numbers to quote)",
        started,
        finished);
    md.append(", ")
        .append(memTotal())
        .append(" memory, kernel ")
        .append(System.getProperty("os.name"))
        .append(' ')
        .append(System.getProperty("os.version"))
        .append(", open files limit ")
        .append(System.getProperty("bench.ulimit", "n/a"))
        .append('\n');
    md.append("- JDK (bench and every server): ")
        .append(System.getProperty("java.vm.vendor"))
        .append(' ')
        .append(System.getProperty("java.vm.name"))
        .append(' ')
        .append(System.getProperty("java.runtime.version"))
        .append("; servers run with ")
        .append(ServerKind.heapLimits())
        .append(", default GC\n");
    md.append("- load average (1, 5, 15 min, /proc/loadavg) before: `")
        .append(loadBefore)
        .append("`, after: `")
        .append(loadAfter)
        .append("`")
        .append(
            System.getProperty("bench.uptime") == null
                ? ""
                : "; `uptime` at start: `" + System.getProperty("bench.uptime") + "`")
        .append('\n');
    md.append("- plan: ")
        .append(plan)
        .append("; repetitions measured: ")
        .append(runs.stream().map(RunResult::rep).distinct().count())
        .append('\n');
    md.append(
        "- setups, interleaved within each repetition (order rotating): no agent; wsaudit "
            + "(`-javaagent:agent/target/wsaudit-agent.jar`); the OpenTelemetry Java agent 2.31.0 from Maven Central "
            + "(default settings: traces, metrics and logs on; for both agents `OTEL_BSP_SCHEDULE_DELAY=500` instead of 5000 so "
            + "span queues drain before each heap reading — under load a batch of 512 fills sooner either way); both (wsaudit's `-javaagent` first; both orders work, "
            + "`--setups BOTH_OTEL_FIRST` measures the other). Both agents export OTLP/HTTP to one "
            + "in-process sink in the bench JVM that counts and discards.\n\n");

    md.append(
        "Every agent figure is a ratio to the no-agent run of the **same repetition** (setups interleaved), "
            + "given as median (min–max) over the repetitions; `×1.000` is no change. Latency, startup and heap also "
            + "show the absolute difference; per-connection memory is the difference in bytes.\n\n");

    md.append("## Targets (issue 17) against the measurements\n\n").append(report.targetTable());
    Long jar = jars.get("wsaudit-agent.jar");
    if (jar != null) {
      md.append(TargetTable.jarRow(jar));
    }
    md.append('\n');
    for (ServerKind server : report.servers()) {
      md.append("## ")
          .append(server.label())
          .append("\n\n")
          .append(report.serverTable(server))
          .append('\n');
    }
    md.append("## Spans the sink received\n\n")
        .append(
            "A check that each agent did its work: wsaudit sends two spans per WebSocket connection "
                + "(handshake, close); the counts are per run, median over repetitions.\n\n")
        .append(report.spanTable())
        .append('\n');
    md.append("## Agent jar size\n\n| jar | bytes | MB |\n|---|---|---|\n");
    jars.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                md.append("| ")
                    .append(e.getKey())
                    .append(" | ")
                    .append(e.getValue())
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", e.getValue() / 1e6))
                    .append(" |\n"));
    md.append('\n');
    md.append("## What the agents printed\n\n")
        .append(
            "wsaudit's own lines that matter for reading the numbers, first seen per server and setup: a family "
                + "it skipped records nothing; its exit line (printed only when spans were lost) counts what it "
                + "emitted, exported and dropped.\n\n");
    if (notes.isEmpty()) {
      md.append("- (nothing)\n");
    }
    for (String note : notes) {
      md.append("- ").append(note).append('\n');
    }
    md.append('\n');
    if (!diagnosis.isBlank()) {
      md.append("## Where the per-connection bytes go\n\n")
          .append(
              "Live-object class histograms (`jcmd <pid> GC.class_histogram`, after a full GC) of the server "
                  + "before and while holding the connections: (held − idle) with wsaudit minus (held − idle) without, "
                  + "per connection; the classes that grew most. A few bytes per connection of noise on JDK classes "
                  + "is expected.\n\n")
          .append(diagnosis);
    }
    md.append("## Closing note\n\n");
    md.append("Headline (median ratio to no agent, same run):\n\n");
    report
        .headline()
        .forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
    md.append('\n');
    List<String> misses = report.misses();
    List<String> silent = report.silentBesideOtel();
    if (misses.isEmpty() && silent.isEmpty()) {
      md.append("Every target is met in this run.\n\n");
    } else {
      md.append("Missed:\n\n");
      misses.forEach(m -> md.append("- ").append(m).append('\n'));
      silent.forEach(
          s ->
              md.append("- ")
                  .append(s)
                  .append(
                      ": with the OpenTelemetry agent attached too, "
                          + "wsaudit recorded (almost) nothing — see what it printed above; that column then measures "
                          + "the OpenTelemetry agent alone\n"));
      md.append(
          "\nWhat would close the gaps: see `bench/README.md` (\"Closing the gaps\"), which keeps the "
              + "diagnosis behind each miss (class-load counts and JFR for startup, the class histograms above for "
              + "memory).\n\n");
    }
    if ("quick".equals(mode)) {
      md.append(
          "This was a **quick** run: one repetition, no spread; treat the ratios as a smoke check.\n\n");
    }
    md.append(
        "## Every run\n\n| rep | server | setup | startup ms | loop conn/s | CPU µs/conn | echo msg/s | CPU µs/msg "
            + "| hs p50 ms | hs p99 ms | heap idle MB | heap open MB | open | B/conn | wsaudit spans | other spans "
            + "| failed |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (RunResult r : runs) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %.0f | %.0f | %.0f | %.0f | %.1f | %.3f | %.3f | %.1f | %.1f | %d | %.0f | %d | %d | %d |\n",
              r.columns()));
    }
    md.append('\n');
    return md.toString();
  }

  static String memTotal() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream()
          .filter(l -> l.startsWith("MemTotal"))
          .map(
              l ->
                  String.format(
                      Locale.ROOT,
                      "%.1f GiB",
                      Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
