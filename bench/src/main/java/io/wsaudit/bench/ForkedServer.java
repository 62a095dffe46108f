package io.wsaudit.bench;

import io.wsaudit.testkit.process.ForkedJvm;
import io.wsaudit.testkit.process.Ports;
import io.wsaudit.testkit.process.ServingProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One bench server in a JVM of its own, on a port the bench chose, with stdin for commands. Its
 * startup is measured from {@code process().startNanos()} to its first upgrade.
 */
public final class ForkedServer extends ServingProcess {

  private static final String HEAP = "HEAP used=";

  private static final AtomicInteger FORKS = new AtomicInteger();

  private final BlockingQueue<String> heapLines;

  private ForkedServer(ForkedJvm jvm, int port, BlockingQueue<String> heapLines) {
    // SIGTERM on close: the agents flush in their shutdown hooks.
    super(jvm, port, Duration.ofSeconds(20));
    this.heapLines = heapLines;
  }

  /**
   * JVM options for every server fork (before the agents'), from {@code bench.server.jvm.args}
   * (space-separated; {@code run.sh --server-jvm-args}): a JFR recording of each server, say.
   * {@code {fork}} becomes the fork's number in this bench JVM (JDK 17's JFR has no {@code %p}).
   */
  static List<String> extraJvmArgs() {
    String args = System.getProperty("bench.server.jvm.args", "").trim();
    String fork = Integer.toString(FORKS.incrementAndGet());
    return args.isEmpty() ? List.of() : List.of(args.replace("{fork}", fork).split("\\s+"));
  }

  /** Starts the server; the clock for startup time starts just before the process is created. */
  public static ForkedServer start(
      ServerKind kind, List<String> jvmArgs, Map<String, String> env, String classPath)
      throws IOException {
    int port = Ports.free();
    BlockingQueue<String> heapLines = new LinkedBlockingQueue<>();
    ForkedJvm jvm =
        ForkedJvm.builder(kind.name(), kind.mainClass().getName())
            .jvmArg("-Xmx" + kind.heapMb() + "m")
            .jvmArgs(extraJvmArgs())
            .jvmArgs(jvmArgs)
            .classPath(classPath)
            .args(List.of("--port", Integer.toString(port)))
            .args(kind.args())
            .env(env)
            .onLine(
                line -> {
                  if (line.startsWith(HEAP)) {
                    heapLines.add(line.substring(HEAP.length()).trim());
                  }
                })
            .start();
    return new ForkedServer(jvm, port, heapLines);
  }

  /** Heap in use after forced full GCs, as the server measured it itself. */
  public long heapAfterGc() throws IOException, InterruptedException {
    process().send("heap");
    String value = heapLines.poll(60, TimeUnit.SECONDS);
    if (value == null) {
      throw new IOException("server did not report its heap:\n" + String.join("\n", output()));
    }
    return Long.parseLong(value);
  }
}
