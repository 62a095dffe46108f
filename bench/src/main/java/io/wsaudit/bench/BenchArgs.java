package io.wsaudit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** BenchMain's command line (the flags bench/run.sh passes), parsed into a plan and its inputs. */
record BenchArgs(
    BenchPlan plan,
    List<ServerKind> servers,
    List<AgentSetup> setups,
    Duration budget,
    Path out,
    Path wsauditJar,
    Path otelJar,
    String command) {

  static BenchArgs parse(String[] args) {
    boolean quick = false;
    Integer connections = null;
    int maxConnections = 10_000;
    List<AgentSetup> setups = AgentSetup.DEFAULT;
    Integer reps = null;
    Integer holdReps = null;
    Duration warmup = null;
    Duration loop = null;
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
        case "--warmup-seconds" -> warmup = Duration.ofSeconds(Long.parseLong(args[++i]));
        case "--loop-seconds" -> loop = Duration.ofSeconds(Long.parseLong(args[++i]));
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
    BenchPlan plan = quick ? BenchPlan.quick() : BenchPlan.full();
    int held = Math.min(connections != null ? connections : plan.connections(), maxConnections);
    plan =
        new BenchPlan(
            plan.mode(),
            reps != null ? reps : plan.reps(),
            warmup != null ? warmup : plan.warmup(),
            loop != null ? loop : plan.loop(),
            plan.echo(),
            plan.latency(),
            plan.latencySamples(),
            held,
            holdReps != null ? holdReps : plan.holdReps());
    return new BenchArgs(plan, servers, setups, budget, out, wsauditJar, otelJar, command);
  }
}
