package io.wsaudit.testkit.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process of the tests, its stdout and stderr merged and kept (bounded), stdin open for
 * commands: a forked JVM ({@link ForkedJvm}) or any other program (a Node.js, Python or PHP
 * server). {@link #start} forks a program as given.
 */
public class ForkedProcess implements AutoCloseable {

  /** Lines kept of a child's output: enough for any failure message, bounded for long runs. */
  private static final int MAX_LINES = 5_000;

  private final String name;
  private final Process process;
  private final long startNanos;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final Object lines = new Object();
  private final Thread reader;

  /**
   * Set under {@code lines} when the output ends: a waiter cannot miss it (the reader thread may
   * still be alive just after its last notify).
   */
  private boolean outputEnded;

  protected ForkedProcess(String name, Process process, long startNanos, Consumer<String> onLine) {
    this.name = name;
    this.process = process;
    this.startNanos = startNanos;
    this.reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  if (output.size() < MAX_LINES) {
                    output.add(line);
                  }
                  onLine.accept(line);
                  synchronized (lines) {
                    lines.notifyAll();
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
              synchronized (lines) {
                outputEnded = true;
                lines.notifyAll();
              }
            },
            "forked-output-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Forks {@code command} in {@code dir} (null: this JVM's) with these extra environment variables,
   * which replace any of the same name.
   */
  public static ForkedProcess start(
      String name, List<String> command, Path dir, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    pb.environment().putAll(env);
    long start = System.nanoTime();
    return new ForkedProcess(name, pb.start(), start, line -> {});
  }

  /** The line every test server prints once it serves ({@code apps/AppSupport#ready}). */
  private static final Pattern READY = Pattern.compile("READY port=(\\d+)");

  /**
   * Waits for the child's {@code READY port=N} line and returns N; throws as {@link #awaitLine}.
   */
  public int awaitReadyPort(Duration timeout) {
    return Integer.parseInt(awaitLine(READY, timeout).group(1));
  }

  /**
   * Waits until a line of output matches, the process exits or the time is up; returns the match.
   *
   * @throws IllegalStateException with the output so far when no line matched
   */
  public Matcher awaitLine(Pattern pattern, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    synchronized (lines) {
      while (true) {
        List<String> now = output;
        for (; seen < now.size(); seen++) {
          Matcher m = pattern.matcher(now.get(seen));
          if (m.find()) {
            return m;
          }
        }
        long left = deadline - System.nanoTime();
        if (outputEnded && left > 0) {
          // The output has ended: the process is exiting, so no line can come any more.
          awaitQuietly(left);
        }
        if (left <= 0 || outputEnded) {
          String why =
              process.isAlive() ? "no line matched " + pattern + " in " + timeout : "exited";
          throw new IllegalStateException(name + ": " + why + "\n" + String.join("\n", output));
        }
        try {
          lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(name + ": interrupted", e);
        }
      }
    }
  }

  private void awaitQuietly(long nanos) {
    try {
      process.waitFor(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends one line to the child's stdin. */
  public void send(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  public String name() {
    return name;
  }

  public Process process() {
    return process;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** {@link System#nanoTime()} just before the process was created (for startup times). */
  public long startNanos() {
    return startNanos;
  }

  /** CPU time the process has used so far (all its threads), in ns; -1 if unknown. */
  public long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  public List<String> output() {
    return List.copyOf(output);
  }

  /** The exit code once the process has ended within the timeout. */
  public Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
        ? Optional.of(process.exitValue())
        : Optional.empty();
  }

  /**
   * SIGTERM, then the exit code if the process ended by itself within {@code timeout}; otherwise it
   * is killed and the answer is empty. For tests of a clean stop.
   */
  public Optional<Integer> terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    Optional<Integer> code = awaitExit(timeout);
    if (code.isEmpty()) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    return code;
  }

  /**
   * SIGTERM (shutdown hooks run: agents flush), then forcibly after {@code grace}; bounded. What
   * the child prints after the signal is not read: {@link Process#destroy()} closes our end of its
   * pipes (and its stdin). To see a shutdown's output, ask the child to exit instead.
   */
  public void stop(Duration grace) {
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      reader.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(15));
  }
}
