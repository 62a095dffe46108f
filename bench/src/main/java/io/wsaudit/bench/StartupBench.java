package io.wsaudit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Startup to the first upgrade, and classes loaded by then, of the bench's echo servers with no
 * agent and with each given agent jar (a build before and after a change, say): setups interleaved
 * in an order that rotates every round, so a machine that gets busier or quieter shifts them alike.
 * {@code bench/startup.sh} runs it; bench/README.md, "Startup", has the figures.
 *
 * <p>Arguments: {@code --rounds N}, {@code --servers UNDERTOW,JETTY,TOMCAT}, and one {@code --jar
 * label=path} per agent jar.
 */
public final class StartupBench {

  private static final Duration MAX = Duration.ofSeconds(60);

  private StartupBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = 5;
    List<ServerKind> servers = new ArrayList<>(List.of(ServerKind.UNDERTOW));
    Map<String, Path> setups = new LinkedHashMap<>();
    setups.put("no agent", null);
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--servers" -> {
          servers.clear();
          for (String s : args[i + 1].split(",")) {
            servers.add(ServerKind.valueOf(s.trim().toUpperCase(Locale.ROOT)));
          }
        }
        case "--jar" -> {
          String[] kv = args[i + 1].split("=", 2);
          setups.put(kv[0], Path.of(kv[1]).toAbsolutePath());
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    String classPath = System.getProperty("bench.server.classpath");
    Path logs = Files.createTempDirectory("wsaudit-startup");
    List<String> labels = new ArrayList<>(setups.keySet());
    try (OtlpSink sink = new OtlpSink();
        LoadClient client = new LoadClient()) {
      for (ServerKind server : servers) {
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, ClassCount> classes = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
          for (int k = 0; k < labels.size(); k++) {
            String label = labels.get((k + round) % labels.size());
            Path log = logs.resolve(server + "-" + round + "-" + k + ".txt");
            Start start = startOnce(server, setups.get(label), sink, client, classPath, log);
            millis.computeIfAbsent(label, l -> new ArrayList<>()).add(start.millis);
            cpu.computeIfAbsent(label, l -> new ArrayList<>()).add(start.cpuMillis);
            // The first round's counts: class loading is the same every round.
            classes.putIfAbsent(label, start.classes);
            Files.deleteIfExists(log);
            System.err.printf("%s %s round %d: %.0f ms%n", server, label, round, start.millis);
          }
        }
        print(server, rounds, labels, millis, cpu, classes);
      }
    }
  }

  private record Start(double millis, double cpuMillis, ClassCount classes) {}

  private static Start startOnce(
      ServerKind server,
      Path agentJar,
      OtlpSink sink,
      LoadClient client,
      String classPath,
      Path classLog)
      throws Exception {
    List<String> jvmArgs = new ArrayList<>();
    // Written as classes load (it costs every setup alike); counted just after the first upgrade.
    jvmArgs.add("-Xlog:class+load:file=" + classLog);
    if (agentJar != null) {
      jvmArgs.add("-javaagent:" + agentJar);
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", sink.endpoint());
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    env.put("OTEL_SERVICE_NAME", "startup-" + server.name().toLowerCase(Locale.ROOT));
    try (ForkedServer fork = ForkedServer.start(server, jvmArgs, env, classPath)) {
      double ms =
          client.awaitFirstUpgrade(fork.port(), fork.process().startNanos(), MAX, fork::isAlive)
              / 1e6;
      // The server's own CPU by then: steadier than the wall clock on a machine others share.
      double cpuMs = fork.process().cpuNanos() / 1e6;
      // Let the log catch the classes the first upgrade loaded before the count.
      Thread.sleep(300);
      return new Start(ms, cpuMs, ClassCount.of(classLog));
    }
  }

  private static void print(
      ServerKind server,
      int rounds,
      List<String> labels,
      Map<String, List<Double>> millis,
      Map<String, List<Double>> cpu,
      Map<String, ClassCount> classes) {
    double none = Stats.summarize(millis.get(labels.get(0))).median();
    double noneCpu = Stats.summarize(cpu.get(labels.get(0))).median();
    System.out.printf(
        "%n%s, %d rounds: startup to the first upgrade (ms) and classes loaded by then%n%n",
        server.label(), rounds);
    System.out.println(
        "| setup | ms per round | median | min–max | added (median) | server CPU ms (median) |"
            + " added CPU | classes | of them ByteBuddy | OpenTelemetry | OkHttp, Okio, Kotlin |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (String label : labels) {
      List<Double> ms = millis.get(label);
      Stats.Summary summary = Stats.summarize(ms);
      double median = summary.median();
      ClassCount c = classes.get(label);
      StringBuilder each = new StringBuilder();
      ms.forEach(v -> each.append(each.length() == 0 ? "" : " ").append(Math.round(v)));
      System.out.printf(
          "| %s | %s | %.0f | %.0f–%.0f | %s | %.0f | %s | %,d | %,d | %,d | %,d |%n",
          label,
          each,
          median,
          summary.min(),
          summary.max(),
          label.equals(labels.get(0)) ? "" : String.format("%+.0f", median - none),
          Stats.summarize(cpu.get(label)).median(),
          label.equals(labels.get(0))
              ? ""
              : String.format("%+.0f", Stats.summarize(cpu.get(label)).median() - noneCpu),
          c.all,
          c.byteBuddy,
          c.openTelemetry,
          c.okHttp);
    }
  }

  /** Classes in one {@code -Xlog:class+load} file, by where they come from. */
  record ClassCount(int all, int byteBuddy, int openTelemetry, int okHttp) {

    private static final String SHADED = "io.wsaudit.agent.shaded.";

    static ClassCount of(Path log) throws IOException {
      int all = 0;
      int bb = 0;
      int otel = 0;
      int ok = 0;
      for (String line : Files.readAllLines(log)) {
        int at = line.indexOf(SHADED);
        all++;
        if (at < 0) {
          continue;
        }
        String lib = line.substring(at + SHADED.length());
        if (lib.startsWith("net.bytebuddy.")) {
          bb++;
        } else if (lib.startsWith("io.opentelemetry.")) {
          otel++;
        } else if (lib.startsWith("okhttp3.")
            || lib.startsWith("okio.")
            || lib.startsWith("kotlin")) {
          ok++;
        }
      }
      return new ClassCount(all, bb, otel, ok);
    }
  }
}
