package io.wsaudit.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One bench server in a JVM of its own, on a port the bench chose, with stdin for commands. */
public final class ForkedServer implements AutoCloseable {

  private final Process process;
  private final long startNanos;
  private final int port;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final BlockingQueue<String> heapLines = new LinkedBlockingQueue<>();
  private final Thread reader;

  private ForkedServer(Process process, long startNanos, int port) {
    this.process = process;
    this.startNanos = startNanos;
    this.port = port;
    this.reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  if (output.size() < 2_000) {
                    output.add(line);
                  }
                  if (line.startsWith("HEAP used=")) {
                    heapLines.add(line.substring("HEAP used=".length()).trim());
                  }
                }
              } catch (IOException ignored) {
                // process ended
              }
            },
            "forked-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the server; the clock for startup time starts just before the process is created. */
  public static ForkedServer start(
      ServerKind kind, List<String> jvmArgs, Map<String, String> env, String classPath)
      throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(classPath);
    command.add(kind.mainClass().getName());
    command.add(Integer.toString(port));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("WSAUDIT_"));
    pb.environment().putAll(env);
    long start = System.nanoTime();
    return new ForkedServer(pb.start(), start, port);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  public long startNanos() {
    return startNanos;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /**
   * CPU time the server process has used so far (all its threads, the agents' included), in ns; -1
   * if unknown.
   */
  public long cpuNanos() {
    return process
        .toHandle()
        .info()
        .totalCpuDuration()
        .map(java.time.Duration::toNanos)
        .orElse(-1L);
  }

  public List<String> output() {
    return new ArrayList<>(output);
  }

  /** Heap in use after forced full GCs, as the server measured it itself. */
  public long heapAfterGc() throws IOException, InterruptedException {
    OutputStream in = process.getOutputStream();
    in.write("heap\n".getBytes(StandardCharsets.UTF_8));
    in.flush();
    String value = heapLines.poll(60, TimeUnit.SECONDS);
    if (value == null) {
      throw new IOException("server did not report its heap:\n" + String.join("\n", output()));
    }
    return Long.parseLong(value);
  }

  /** SIGTERM (the agents flush in their shutdown hooks), then forcibly; bounded. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      reader.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
