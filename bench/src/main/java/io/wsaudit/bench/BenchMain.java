package io.wsaudit.bench;

import static io.wsaudit.bench.Machine.loadAverage;
import static io.wsaudit.bench.Machine.log;

import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bench: for each repetition, each server, each agent setup (interleaved, the order rotating
 * with the repetition), one fresh forked server measures startup, connection loop rate, echo rate,
 * handshake latency and heap; then {@code RESULTS.md} is written. Run it through {@code
 * bench/run.sh}.
 */
public final class BenchMain {

  /** Durations and sizes of one mode. */
  record Plan(
      String mode,
      int reps,
      Duration warmup,
      Duration loop,
      Duration echo,
      Duration latency,
      int latencySamples,
      int connections,
      int holdReps) {
    static Plan quick() {
      return new Plan(
          "quick",
          1,
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          Duration.ofSeconds(2),
          Duration.ofSeconds(1),
          300,
          1_000,
          1);
    }

    static Plan full() {
      // Up to 5 repetitions, as many as the time budget allows; the held-connections phase (slow,
      // and steady
      // from one repetition to the next) only in the first two.
      // A server's CPU per connection keeps falling for ~20 s of load (JIT): 6 s of warm-up before
      // measuring (more
      // would leave no room for repetitions in the ~8 min this machine has for a full run).
      return new Plan(
          "full",
          5,
          Duration.ofSeconds(6),
          Duration.ofSeconds(3),
          Duration.ofSeconds(3),
          Duration.ofSeconds(2),
          3_000,
          10_000,
          2);
    }
  }

  private final Plan plan;
  private final List<ServerKind> servers;
  private final Path wsauditJar;
  private final Path otelJar;
  private final String serverClassPath;

  private final Duration budget;
  private final Map<String, String> notes = new LinkedHashMap<>();
  private final Map<String, Histogram> histograms = new LinkedHashMap<>();
  private final Map<ServerKind, Integer> heldFor = new LinkedHashMap<>();
  private long holdNanos;

  /**
   * Called with the results so far after each complete repetition (RESULTS.md is rewritten each
   * time).
   */
  java.util.function.Consumer<List<RunResult>> afterRepetition;

  private final List<AgentSetup> setups;

  BenchMain(
      Plan plan,
      List<ServerKind> servers,
      List<AgentSetup> setups,
      Path wsauditJar,
      Path otelJar,
      String serverClassPath,
      Duration budget) {
    this.budget = budget;
    this.setups = setups;
    this.plan = plan;
    this.servers = servers;
    this.wsauditJar = wsauditJar;
    this.otelJar = otelJar;
    this.serverClassPath = serverClassPath;
  }

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    Integer connections = null;
    int maxConnections = 10_000;
    List<AgentSetup> setups = AgentSetup.DEFAULT;
    Integer reps = null;
    Integer holdReps = null;
    Duration budget = Duration.ofMinutes(14);
    Path out = Path.of("bench/RESULTS.md");
    Path wsauditJar = Path.of("agent/target/wsaudit-agent.jar");
    Path otelJar = Path.of("bench/target/agents/opentelemetry-javaagent.jar");
    List<ServerKind> servers = Arrays.asList(ServerKind.values());
    String command = "./bench/run.sh";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--connections" -> connections = Integer.parseInt(args[++i]);
        case "--max-connections" -> maxConnections = Integer.parseInt(args[++i]);
        case "--setups" ->
            setups =
                Arrays.stream(args[++i].split(","))
                    .map(s -> AgentSetup.valueOf(s.trim().toUpperCase(Locale.ROOT)))
                    .toList();
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--hold-reps" -> holdReps = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--wsaudit-jar" -> wsauditJar = Path.of(args[++i]);
        case "--otel-jar" -> otelJar = Path.of(args[++i]);
        case "--command" -> command = args[++i];
        case "--budget-minutes" ->
            budget = Duration.ofSeconds((long) (Double.parseDouble(args[++i]) * 60));
        case "--servers" ->
            servers =
                Arrays.stream(args[++i].split(","))
                    .map(s -> ServerKind.valueOf(s.trim().toUpperCase(Locale.ROOT)))
                    .toList();
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    for (Path jar : List.of(wsauditJar, otelJar)) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException("missing " + jar + " (bench/run.sh builds it)");
      }
    }
    Plan plan = quick ? Plan.quick() : Plan.full();
    int held = Math.min(connections != null ? connections : plan.connections(), maxConnections);
    plan =
        new Plan(
            plan.mode(),
            reps != null ? reps : plan.reps(),
            plan.warmup(),
            plan.loop(),
            plan.echo(),
            plan.latency(),
            plan.latencySamples(),
            held,
            holdReps != null ? holdReps : plan.holdReps());
    String cp = System.getProperty("bench.server.classpath", System.getProperty("java.class.path"));
    Instant started = Instant.now();
    String loadBefore = loadAverage();
    BenchMain bench = new BenchMain(plan, servers, setups, wsauditJar, otelJar, cp, budget);
    Map<String, Long> jars =
        Map.of(
            "wsaudit-agent.jar",
            Files.size(wsauditJar),
            "opentelemetry-javaagent.jar (2.31.0)",
            Files.size(otelJar));
    Path target = out;
    String describe = describe(plan);
    String mode = plan.mode();
    String cmd = command;
    bench.afterRepetition =
        partial -> {
          try {
            write(
                target,
                Markdown.results(
                    new Report(partial),
                    partial,
                    mode,
                    describe,
                    cmd,
                    started,
                    Instant.now(),
                    loadBefore,
                    loadAverage(),
                    jars,
                    bench.notes(),
                    bench.diagnosis()));
            log(
                "wrote "
                    + target
                    + " ("
                    + partial.stream().map(RunResult::rep).distinct().count()
                    + " repetition(s) so far)");
          } catch (IOException e) {
            log("could not write " + target + ": " + e);
          }
        };
    List<RunResult> results = bench.run();
    String loadAfter = loadAverage();
    write(
        out,
        Markdown.results(
            new Report(results),
            results,
            plan.mode(),
            describe,
            command,
            started,
            Instant.now(),
            loadBefore,
            loadAfter,
            jars,
            bench.notes(),
            bench.diagnosis()));
    System.out.println("wrote " + out);
    Report report = new Report(results);
    report.headline().forEach((k, v) -> System.out.println(k + ": " + v));
  }

  private static void write(Path out, String md) throws IOException {
    ResultsFile.writeAgentHalf(out, md);
  }

  /** Where wsaudit's extra bytes per held connection go, per server (first repetition). */
  String diagnosis() {
    StringBuilder md = new StringBuilder();
    for (ServerKind server : servers) {
      Histogram none = histograms.get(server + "/" + AgentSetup.NONE);
      Histogram ws = histograms.get(server + "/" + AgentSetup.WSAUDIT);
      if (none != null && ws != null) {
        md.append("### ")
            .append(server.label())
            .append(": growth with wsaudit minus growth without, ")
            .append(heldFor.get(server))
            .append(" connections held (first repetition)\n\n")
            .append(ws.diffTable(none, heldFor.get(server), 12))
            .append('\n');
      }
    }
    return md.toString();
  }

  List<String> notes() {
    return List.copyOf(notes.values());
  }

  static String describe(Plan p) {
    return String.format(
        Locale.ROOT,
        "up to %d repetition(s) within the time budget; per run: warm-up %ds, connection loop %ds (4 workers), "
            + "echo %ds (100 connections, one message in flight each), handshake latency %ds or %d samples "
            + "(1 worker), then %d connections held open for the heap reading (in the first %d repetition(s))",
        p.reps(),
        p.warmup().toSeconds(),
        p.loop().toSeconds(),
        p.echo().toSeconds(),
        p.latency().toSeconds(),
        p.latencySamples(),
        p.connections(),
        p.holdReps());
  }

  List<RunResult> run() throws Exception {
    List<RunResult> results = new ArrayList<>();
    try (OtlpSink sink = new OtlpSink();
        LoadClient client = new LoadClient()) {
      // One discarded run through every phase, so the bench's own JVM (HTTP client, its loops, JIT)
      // is as warm for
      // the first measured run as for the last.
      log("warm-up run (discarded)");
      measure(sink, client, servers.get(0), AgentSetup.NONE, -1, true);
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
        long holdBefore = holdNanos;
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
            RunResult r = measure(sink, client, server, setup, rep, false);
            log(
                String.format(
                    Locale.ROOT,
                    "rep %d %-12s %-18s startup %.0f ms, loop %.0f/s (%.0f µs CPU), echo %.0f/s (%.1f µs CPU), "
                        + "hs p50 %.3f p99 %.3f ms, heap %.1f→%.1f MB (%d open, %.0f B/conn), spans %d+%d, failed %d",
                    rep,
                    server.label(),
                    setup.label(),
                    r.startupMs(),
                    r.loopPerSecond(),
                    r.loopCpuMicrosPerConnection(),
                    r.echoPerSecond(),
                    r.echoCpuMicrosPerMessage(),
                    r.handshakeP50Ms(),
                    r.handshakeP99Ms(),
                    r.heapIdleBytes() / 1e6,
                    r.heapOpenBytes() / 1e6,
                    r.openConnections(),
                    r.bytesPerConnection(),
                    r.wsauditSpans(),
                    r.otherSpans(),
                    r.failures()));
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
                - (rep + 1 >= plan.holdReps() ? holdNanos - holdBefore : 0);
      }
    }
    return results;
  }

  static final long BSP_DELAY_MS = 500;

  /** Lets the agents' span queues drain (two schedule delays) before a heap reading. */
  private static void drain(AgentSetup setup) throws InterruptedException {
    if (setup.hasAgent()) {
      Thread.sleep(2 * BSP_DELAY_MS + 200);
    }
  }

  private Map<String, String> env(OtlpSink sink, ServerKind server) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", sink.endpoint());
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    env.put("OTEL_SERVICE_NAME", "bench-" + server.name().toLowerCase(Locale.ROOT));
    // Under load a batch fills (512 spans) well before the default 5 s delay, so this changes
    // nothing there; it
    // lets the queues drain within a second before a heap reading, so pending spans are not counted
    // as retained.
    env.put("OTEL_BSP_SCHEDULE_DELAY", Long.toString(BSP_DELAY_MS));
    return env;
  }

  RunResult measure(
      OtlpSink sink, LoadClient client, ServerKind server, AgentSetup setup, int rep, boolean smoke)
      throws Exception {
    sink.reset();
    double startup = Double.NaN;
    double loop = Double.NaN;
    double echo = Double.NaN;
    double loopCpu = Double.NaN;
    double echoCpu = Double.NaN;
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    double heapIdle = Double.NaN;
    double heapOpen = Double.NaN;
    int open = 0;
    long failures = 0;
    ForkedServer fork =
        ForkedServer.start(
            server, setup.jvmArgs(wsauditJar, otelJar), env(sink, server), serverClassPath);
    List<WebSocket> held = List.of();
    try {
      startup =
          client.awaitFirstUpgrade(
                  fork.port(), fork.startNanos(), Duration.ofSeconds(60), fork::isAlive)
              / 1e6;
      client.cycleLoop(
          fork.port(), 4, smoke ? Duration.ofSeconds(2) : plan.warmup(), 1_000_000, false);
      long cpu0 = fork.cpuNanos();
      LoadClient.Loop l = client.cycleLoop(fork.port(), 4, plan.loop(), 1_000_000, false);
      long cpu1 = fork.cpuNanos();
      loop = l.perSecond();
      loopCpu = cpu0 >= 0 && l.ok() > 0 ? (cpu1 - cpu0) / 1e3 / l.ok() : Double.NaN;
      failures += l.failed();
      LoadClient.Loop e =
          client.echoLoop(fork.port(), 100, plan.echo(), 50_000_000, fork::cpuNanos);
      echo = e.perSecond();
      echoCpu = e.cpuMicrosPerOp();
      failures += e.failed();
      LoadClient.Loop lat =
          client.cycleLoop(fork.port(), 1, plan.latency(), plan.latencySamples(), true);
      p50 = Stats.percentile(lat.handshakeNanos(), 50) / 1e6;
      p99 = Stats.percentile(lat.handshakeNanos(), 99) / 1e6;
      failures += lat.failed();
      drain(setup);
      heapIdle = fork.heapAfterGc();
      boolean histogram =
          !smoke && rep == 0 && (setup == AgentSetup.NONE || setup == AgentSetup.WSAUDIT);
      Histogram idleHistogram = histogram ? Histogram.of(fork.pid()) : null;
      if (rep < plan.holdReps() && !smoke) {
        int want = smoke ? Math.min(plan.connections(), 1_000) : plan.connections();
        long holdStart = System.nanoTime();
        held = client.open(fork.port(), want, 64, Duration.ofSeconds(90));
        open = held.size();
        failures += want - open;
        drain(setup);
        heapOpen = fork.heapAfterGc();
        if (idleHistogram != null && open > 0) {
          Histogram h = Histogram.of(fork.pid());
          if (h != null) {
            // What holding the connections added, so the agent's fixed footprint cancels out.
            histograms.put(server + "/" + setup, h.minus(idleHistogram));
            heldFor.put(server, open);
          }
        }
        holdNanos += System.nanoTime() - holdStart;
      }
    } catch (Exception ex) {
      log(
          "run failed: "
              + server
              + " "
              + setup
              + ": "
              + ex
              + "\n  "
              + String.join("\n  ", tail(fork.output())));
      failures++;
    } finally {
      LoadClient.abortAll(held);
      if (!held.isEmpty()) {
        Thread.sleep(500);
      }
      fork.close();
      Thread.sleep(300);
    }
    if (!smoke) {
      for (String line : fork.output()) {
        String kind =
            line.startsWith("[wsaudit] skipped")
                ? "skipped " + line.hashCode()
                : line.startsWith("[wsaudit]") && line.contains("spans emitted") ? "exit" : null;
        if (kind != null) {
          notes.putIfAbsent(
              server + "/" + setup + "/" + kind,
              server.label()
                  + ", "
                  + setup.label()
                  + ": `"
                  + (line.length() > 400 ? line.substring(0, 400) + "…" : line)
                  + "`");
        }
      }
    }
    return new RunResult(
        server,
        setup,
        rep,
        startup,
        loop,
        echo,
        loopCpu,
        echoCpu,
        p50,
        p99,
        heapIdle,
        heapOpen,
        open,
        failures,
        sink.wsauditSpans(),
        sink.otherSpans());
  }

  private static List<String> tail(List<String> lines) {
    return lines.subList(Math.max(0, lines.size() - 15), lines.size());
  }
}
