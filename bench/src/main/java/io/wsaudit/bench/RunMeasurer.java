package io.wsaudit.bench;

import static io.wsaudit.bench.Machine.log;

import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run of the bench: a fresh forked server with one agent setup through every phase (startup,
 * connection loop, echo, handshake latency, heap idle and with connections held), as a {@link
 * RunResult}; the agents' notable log lines and the heap histograms are kept for RESULTS.md.
 */
final class RunMeasurer {

  private final BenchPlan plan;
  private final Path wsauditJar;
  private final Path otelJar;
  private final String serverClassPath;
  private final Map<String, String> notes;
  private final Map<String, Histogram> histograms = new LinkedHashMap<>();
  private final Map<ServerKind, Integer> heldFor = new LinkedHashMap<>();
  private long holdNanos;

  RunMeasurer(
      BenchPlan plan,
      Path wsauditJar,
      Path otelJar,
      String serverClassPath,
      Map<String, String> notes) {
    this.plan = plan;
    this.wsauditJar = wsauditJar;
    this.otelJar = otelJar;
    this.serverClassPath = serverClassPath;
    this.notes = notes;
  }

  /** Nanoseconds spent holding connections so far (the run loop's budget leaves them out). */
  long holdNanos() {
    return holdNanos;
  }

  /** Where wsaudit's extra bytes per held connection go, per server (first repetition). */
  String diagnosis(List<ServerKind> servers) {
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
                  fork.port(), fork.process().startNanos(), Duration.ofSeconds(60), fork::isAlive)
              / 1e6;
      client.cycleLoop(
          fork.port(), 4, smoke ? Duration.ofSeconds(2) : plan.warmup(), 1_000_000, false);
      long cpu0 = fork.process().cpuNanos();
      LoadClient.Loop l = client.cycleLoop(fork.port(), 4, plan.loop(), 1_000_000, false);
      long cpu1 = fork.process().cpuNanos();
      loop = l.perSecond();
      loopCpu = cpu0 >= 0 && l.ok() > 0 ? (cpu1 - cpu0) / 1e3 / l.ok() : Double.NaN;
      failures += l.failed();
      LoadClient.Loop e =
          client.echoLoop(fork.port(), 100, plan.echo(), 50_000_000, fork.process()::cpuNanos);
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
        int want = server.held(smoke ? Math.min(plan.connections(), 1_000) : plan.connections());
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
