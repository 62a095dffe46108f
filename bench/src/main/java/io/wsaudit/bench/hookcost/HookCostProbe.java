package io.wsaudit.bench.hookcost;

import io.wsaudit.bench.ServerKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The forked JVM of {@link HookCostBench}: one of the bench's echo servers, started in this JVM
 * (with or without an agent, as the command line says), and a socket client on the main thread that
 * drives one kind of exchange at a time while {@link ThreadCost} counts what the server's threads
 * allocated and spent. Prints one {@code RESULT} line per phase and round.
 *
 * <p>Arguments: {@code SERVER PORT ROUNDS REQUESTS UPGRADES MESSAGES}; every phase runs once at its
 * full count as a warm-up first (the JIT), then {@code ROUNDS} times measured.
 */
public final class HookCostProbe {

  /** What a phase drives; {@code unit} is what its figures are per. */
  enum Phase {
    /** GETs of a path no WebSocket handler serves (404): what every ordinary request pays. */
    PLAIN("request"),
    /** GETs of the WebSocket path without upgrade headers: the handshake hooks' own filter. */
    PLAIN_WS_PATH("request"),
    /** Handshake, one echoed message, close frames both ways, socket closed. */
    UPGRADE("connection"),
    /** Text messages echoed on one open connection: the per-frame hooks. */
    MESSAGE("message");

    final String unit;

    Phase(String unit) {
      this.unit = unit;
    }
  }

  /** Thread names of each server's own threads (acceptor, selectors, workers). */
  private static final Map<ServerKind, Pattern> SERVER_THREADS =
      Map.of(
          ServerKind.UNDERTOW, Pattern.compile("XNIO-.*"),
          ServerKind.JETTY, Pattern.compile("qtp.*"),
          ServerKind.TOMCAT, Pattern.compile("http-nio-.*"));

  private HookCostProbe() {}

  public static void main(String[] args) {
    try {
      measure(args);
    } catch (Throwable t) {
      // Some servers keep non-daemon threads: a failed probe must still end its JVM.
      t.printStackTrace();
      System.exit(1);
    }
  }

  private static void measure(String[] args) throws Exception {
    ServerKind kind = ServerKind.valueOf(args[0].toUpperCase(Locale.ROOT));
    int port = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    int[] counts = {
      Integer.parseInt(args[3]),
      Integer.parseInt(args[3]),
      Integer.parseInt(args[4]),
      Integer.parseInt(args[5])
    };
    startServer(kind, port);
    RawHttpClient client = new RawHttpClient(port);
    ThreadCost cost = new ThreadCost(SERVER_THREADS.get(kind));
    Map<String, Long> restByName = new java.util.TreeMap<>();
    for (Phase phase : Phase.values()) {
      run(client, phase, counts[phase.ordinal()]);
    }
    for (int round = 0; round < rounds; round++) {
      for (Phase phase : Phase.values()) {
        int n = counts[phase.ordinal()];
        Map<Long, long[]> before = cost.snapshot();
        run(client, phase, n);
        // The server finishes a connection (close span, close task) after the client has its
        // answer: let that land inside the interval.
        Thread.sleep(300);
        ThreadCost.Split split =
            cost.since(before, (name, cpu) -> restByName.merge(name, cpu, Long::sum));
        System.out.printf(
            Locale.ROOT,
            "RESULT phase=%s round=%d n=%d serverBytes=%d serverCpuNanos=%d restBytes=%d"
                + " restCpuNanos=%d%n",
            phase,
            round,
            n,
            split.server().bytes(),
            split.server().cpuNanos(),
            split.rest().bytes(),
            split.rest().cpuNanos());
      }
    }
    // Which of the other threads (the agent's batch worker, exporter, clock) the CPU went to.
    StringBuilder names = new StringBuilder("REST_THREADS");
    restByName.forEach((name, cpu) -> names.append(' ').append(name).append('=').append(cpu));
    System.out.println(names);
    System.out.println("DONE");
    System.out.flush();
    System.exit(0);
  }

  private static void run(RawHttpClient client, Phase phase, int n) throws IOException {
    switch (phase) {
      case PLAIN -> client.plainRequests("/plain", n);
      case PLAIN_WS_PATH -> client.plainRequests("/ws", n);
      case UPGRADE -> client.upgrades(n);
      case MESSAGE -> client.messages(n);
    }
  }

  /** The echo app's own main, on a thread of its own (some join their server), then its port. */
  private static void startServer(ServerKind kind, int port) throws Exception {
    List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port)));
    args.addAll(kind.args());
    Thread main =
        new Thread(
            () -> {
              try {
                kind.mainClass()
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) args.toArray(new String[0]));
              } catch (ReflectiveOperationException e) {
                e.printStackTrace();
              }
            },
            "echo-app-main");
    main.setDaemon(true);
    main.start();
    // Some servers accept on the port before they serve (Tomcat binds at init): ready when a
    // request is answered.
    RawHttpClient client = new RawHttpClient(port);
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (true) {
      try {
        client.plainRequests("/plain", 1);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }
}
