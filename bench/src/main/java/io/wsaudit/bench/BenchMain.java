package io.wsaudit.bench;

import static io.wsaudit.bench.Machine.loadAverage;
import static io.wsaudit.bench.Machine.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The bench: for each repetition, each server, each agent setup (interleaved, the order rotating
 * with the repetition), one fresh forked server measures startup, connection loop rate, echo rate,
 * handshake latency and heap; then {@code RESULTS.md} is written. Run it through {@code
 * bench/run.sh}.
 */
public final class BenchMain {

  private final BenchPlan plan;
  private final List<ServerKind> servers;
  private final List<AgentSetup> setups;
  private final Duration budget;
  private final Map<String, String> notes = new LinkedHashMap<>();
  private final RunMeasurer measurer;

  /**
   * Called with the results so far after each complete repetition (RESULTS.md is rewritten each
   * time).
   */
  java.util.function.Consumer<List<RunResult>> afterRepetition;

  /** The run {@code a} asks for, with the servers' jars on {@code serverClassPath}. */
  BenchMain(BenchArgs a, String serverClassPath) {
    this.budget = a.budget();
    this.setups = a.setups();
    this.plan = a.plan();
    this.servers = a.servers();
    this.measurer = new RunMeasurer(plan, a.wsauditJar(), a.otelJar(), serverClassPath, notes);
  }

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args);
    BenchPlan plan = a.plan();
    String cp = System.getProperty("bench.server.classpath", System.getProperty("java.class.path"));
    Instant started = Instant.now();
    String loadBefore = loadAverage();
    BenchMain bench = new BenchMain(a, cp);
    Map<String, Long> jars =
        Map.of(
            "wsaudit-agent.jar",
            Files.size(a.wsauditJar()),
            "opentelemetry-javaagent.jar (2.31.0)",
            Files.size(a.otelJar()));
    String describe = plan.describe();
    // The same page after each repetition and at the end; only the runs and the load after differ.
    BiFunction<List<RunResult>, String, String> page =
        (runs, loadAfter) ->
            Markdown.results(
                new Report(runs),
                runs,
                plan.mode(),
                describe,
                a.command(),
                started,
                Instant.now(),
                loadBefore,
                loadAfter,
                jars,
                bench.notes(),
                bench.diagnosis());
    Path out = a.out();
    bench.afterRepetition =
        partial -> {
          try {
            write(out, page.apply(partial, loadAverage()));
            log(
                "wrote "
                    + out
                    + " ("
                    + partial.stream().map(RunResult::rep).distinct().count()
                    + " repetition(s) so far)");
          } catch (IOException e) {
            log("could not write " + out + ": " + e);
          }
        };
    List<RunResult> results = bench.run();
    String loadAfter = loadAverage();
    write(out, page.apply(results, loadAfter));
    System.out.println("wrote " + out);
    Report report = new Report(results);
    report.headline().forEach((k, v) -> System.out.println(k + ": " + v));
  }

  private static void write(Path out, String md) throws IOException {
    ResultsFile.writeAgentHalf(out, md);
  }

  /** Where wsaudit's extra bytes per held connection go, per server (first repetition). */
  String diagnosis() {
    return measurer.diagnosis(servers);
  }

  List<String> notes() {
    return List.copyOf(notes.values());
  }

  List<RunResult> run() throws Exception {
    List<RunResult> results = new ArrayList<>();
    try (OtlpSink sink = new OtlpSink();
        LoadClient client = new LoadClient()) {
      // One discarded run through every phase, so the bench's own JVM (HTTP client, its loops, JIT)
      // is as warm for
      // the first measured run as for the last.
      log("warm-up run (discarded)");
      measurer.measure(sink, client, servers.get(0), AgentSetup.NONE, -1, true);
      long begun = System.nanoTime();
      long lastRep = 0;
      for (int rep = 0; rep < plan.reps(); rep++) {
        long spent = System.nanoTime() - begun;
        // The next repetition is assumed to take as long as the last one (held connections make the
        // first ones
        // the longest).
        if (rep > 0 && spent + lastRep > budget.toNanos()) {
          String note =
              String.format(
                  Locale.ROOT,
                  "stopped after %d of %d repetitions: another (~%.0f s) would pass "
                      + "the time budget of %.1f min (%.0f s spent)",
                  rep,
                  plan.reps(),
                  lastRep / 1e9,
                  budget.toSeconds() / 60.0,
                  spent / 1e9);
          notes.put("budget", note);
          log(note);
          break;
        }
        long repStart = System.nanoTime();
        long holdBefore = measurer.holdNanos();
        for (ServerKind server : servers) {
          for (int k = 0; k < setups.size(); k++) {
            AgentSetup setup = setups.get((k + rep) % setups.size());
            if (System.nanoTime() - begun > budget.toNanos() + budget.toNanos() / 10) {
              String note =
                  String.format(
                      Locale.ROOT,
                      "repetition %d cut short: past the time budget of %.1f min "
                          + "by 10 %% (its unpaired runs count in no ratio)",
                      rep,
                      budget.toSeconds() / 60.0);
              notes.put("budget-cut", note);
              log(note);
              return results;
            }
            RunResult r = measurer.measure(sink, client, server, setup, rep, false);
            log(
                String.format(
                    Locale.ROOT,
                    "rep %d %-12s %-18s startup %.0f ms, loop %.0f/s (%.0f µs CPU), echo %.0f/s (%.1f µs CPU), "
                        + "hs p50 %.3f p99 %.3f ms, heap %.1f→%.1f MB (%d open, %.0f B/conn), spans %d+%d, failed %d",
                    r.columns()));
            results.add(r);
            Throwable failure = client.takeLastFailure();
            if (failure != null) {
              log("  last failure: " + failure);
            }
          }
        }
        if (afterRepetition != null) {
          afterRepetition.accept(List.copyOf(results));
        }
        // Judge the next repetition without the held-connections phase if it will not have one.
        lastRep =
            System.nanoTime()
                - repStart
                - (rep + 1 >= plan.holdReps() ? measurer.holdNanos() - holdBefore : 0);
      }
    }
    return results;
  }
}
