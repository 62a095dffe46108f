package io.wsaudit.bench.hookcost;

import io.wsaudit.bench.OtlpSink;
import io.wsaudit.bench.ServerKind;
import io.wsaudit.bench.Stats;
import io.wsaudit.testkit.process.ForkedJvm;
import io.wsaudit.testkit.process.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the agent's advice costs the servers' own threads per exchange (issue 17): each echo server
 * with no agent and with each given agent jar, in forks whose order rotates, every fork running
 * {@link HookCostProbe}'s phases (plain requests, upgrades, messages) after a warm-up. Reports per
 * phase the bytes the server's threads allocated and their CPU time, per request, connection or
 * message, median over forks and rounds. {@code bench/hook-cost.sh} runs it; bench/README.md, "The
 * hooks on the servers' threads", has the figures.
 *
 * <p>Arguments: {@code --servers UNDERTOW,JETTY,TOMCAT}, {@code --jar label=path} (one per agent
 * jar; default {@code wsaudit=agent/target/wsaudit-agent.jar}), {@code --jvm-arg label=ARG} (one
 * more JVM argument for that setup's forks, e.g. a system property the agent reads, so one jar can
 * run under two settings in the same run), {@code --forks N}, {@code --rounds N}, {@code --requests
 * N}, {@code --upgrades N}, {@code --messages N}.
 */
public final class HookCostBench {

  private static final Pattern RESULT =
      Pattern.compile(
          "RESULT phase=(\\w+) round=(\\d+) n=(\\d+) serverBytes=(\\d+) serverCpuNanos=(\\d+)"
              + " restBytes=(\\d+) restCpuNanos=(\\d+)");

  /** Pseudo-phase: other threads' CPU ns over a whole measured round, per upgraded connection. */
  static final String ROUND_REST = "ROUND_REST";

  private HookCostBench() {}

  public static void main(String[] args) throws Exception {
    List<ServerKind> servers = new ArrayList<>(List.of(ServerKind.values()));
    Map<String, Path> setups = new LinkedHashMap<>();
    setups.put("no agent", null);
    Map<String, Path> jars = new LinkedHashMap<>();
    Map<String, List<String>> jvmArgs = new LinkedHashMap<>();
    int forks = 2;
    int rounds = 3;
    int requests = 20_000;
    int upgrades = 2_000;
    int messages = 20_000;
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--servers" -> {
          servers.clear();
          for (String s : value.split(",")) {
            servers.add(ServerKind.valueOf(s.trim().toUpperCase(Locale.ROOT)));
          }
        }
        case "--jar" -> {
          String[] kv = value.split("=", 2);
          jars.put(kv[0], Path.of(kv[1]).toAbsolutePath());
        }
        case "--jvm-arg" -> {
          String[] kv = value.split("=", 2);
          jvmArgs.computeIfAbsent(kv[0], l -> new ArrayList<>()).add(kv[1]);
        }
        case "--forks" -> forks = Integer.parseInt(value);
        case "--rounds" -> rounds = Integer.parseInt(value);
        case "--requests" -> requests = Integer.parseInt(value);
        case "--upgrades" -> upgrades = Integer.parseInt(value);
        case "--messages" -> messages = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (jars.isEmpty()) {
      jars.put("wsaudit", Path.of("agent/target/wsaudit-agent.jar").toAbsolutePath());
    }
    setups.putAll(jars);
    List<String> labels = new ArrayList<>(setups.keySet());
    String classPath = System.getProperty("bench.server.classpath");
    List<String> probeArgs =
        List.of(
            Integer.toString(rounds),
            Integer.toString(requests),
            Integer.toString(upgrades),
            Integer.toString(messages));
    StringBuilder report = new StringBuilder();
    try (OtlpSink sink = new OtlpSink()) {
      for (ServerKind server : servers) {
        Map<String, Map<String, List<double[]>>> results = new LinkedHashMap<>();
        for (int fork = 0; fork < forks; fork++) {
          for (int k = 0; k < labels.size(); k++) {
            String label = labels.get((k + fork) % labels.size());
            System.err.printf("%s %s fork %d%n", server, label, fork);
            List<String> extra = jvmArgs.getOrDefault(label, List.of());
            runFork(server, label, setups.get(label), extra, sink, classPath, probeArgs)
                .forEach(
                    (phase, values) ->
                        results
                            .computeIfAbsent(phase, p -> new LinkedHashMap<>())
                            .computeIfAbsent(label, l -> new ArrayList<>())
                            .addAll(values));
          }
        }
        report.append(HookCostReport.table(server, labels, results));
      }
    }
    System.out.println(report);
  }

  /** One probe JVM; per phase, per measured round: bytes and CPU ns per unit, server and rest. */
  private static Map<String, List<double[]>> runFork(
      ServerKind server,
      String label,
      Path jar,
      List<String> jvmArgs,
      OtlpSink sink,
      String classPath,
      List<String> probeArgs)
      throws Exception {
    double upgrades = Double.parseDouble(probeArgs.get(2));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", sink.endpoint());
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    env.put("OTEL_SERVICE_NAME", "hook-cost-" + server.name().toLowerCase(Locale.ROOT));
    Map<String, List<double[]>> values = new LinkedHashMap<>();
    Map<Integer, Double> roundRest = new TreeMap<>();
    List<String> args = new ArrayList<>(List.of(server.name(), Integer.toString(Ports.free())));
    args.addAll(probeArgs);
    ForkedJvm.Builder builder =
        ForkedJvm.builder("hook-cost-" + server, HookCostProbe.class.getName())
            .jvmArg("-Xmx512m")
            .classPath(classPath)
            .args(args)
            .env(env)
            .onLine(
                line -> {
                  if (line.startsWith("REST_THREADS")) {
                    System.err.println(server + " " + label + " " + line);
                  }
                  Matcher m = RESULT.matcher(line);
                  if (m.find()) {
                    double n = Double.parseDouble(m.group(3));
                    double[] v = new double[4];
                    for (int i = 0; i < 4; i++) {
                      v[i] = Double.parseDouble(m.group(4 + i)) / n;
                    }
                    int round = Integer.parseInt(m.group(2));
                    double restCpu = Double.parseDouble(m.group(7));
                    synchronized (values) {
                      values.computeIfAbsent(m.group(1), p -> new ArrayList<>()).add(v);
                      // The export of a phase's spans can land in the next phase (the batch
                      // processor's delay): the whole round's other threads, per connection.
                      roundRest.merge(round, restCpu, Double::sum);
                    }
                  }
                });
    jvmArgs.forEach(builder::jvmArg);
    if (jar != null) {
      builder.jvmArg("-javaagent:" + jar);
    }
    try (ForkedJvm jvm = builder.start()) {
      jvm.awaitLine(Pattern.compile("^DONE$"), Duration.ofMinutes(20));
    }
    synchronized (values) {
      List<double[]> perConnection = new ArrayList<>();
      roundRest.values().forEach(ns -> perConnection.add(new double[] {ns / upgrades, 0, 0, 0}));
      values.put(ROUND_REST, perConnection);
      return values;
    }
  }

  /** Median of one column of a setup's rows. */
  static Stats.Summary summary(List<double[]> rows, int column) {
    List<Double> column0 = new ArrayList<>();
    for (double[] row : rows) {
      column0.add(row[column]);
    }
    return Stats.summarize(column0);
  }
}
