package io.wsaudit.testkit.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java program in a JVM of its own (this JVM's {@code java}), its stdout and stderr merged and
 * kept (bounded), stdin open for commands. The child starts with no {@code JAVA_TOOL_OPTIONS}, no
 * {@code OTEL_*} and no {@code WSAUDIT_*} variables of ours: only what the caller sets.
 */
public final class ForkedJvm implements AutoCloseable {

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

  private ForkedJvm(String name, Process process, long startNanos, Consumer<String> onLine) {
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

  /** Describes a child JVM running {@code mainClass}; {@link Builder#start()} forks it. */
  public static Builder builder(String name, String mainClass) {
    return new Builder(name, List.of(mainClass));
  }

  /** Describes a child JVM running an executable jar ({@code java -jar}). */
  public static Builder jar(String name, Path jar) {
    return new Builder(name, List.of("-jar", jar.toString()));
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

  /** What to fork. */
  public static final class Builder {
    private final String name;
    private final List<String> main;
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private String classPath;
    private Path javaHome = Path.of(System.getProperty("java.home"));
    private Consumer<String> onLine = line -> {};

    private Builder(String name, List<String> main) {
      this.name = name;
      this.main = main;
    }

    public Builder jvmArgs(List<String> more) {
      jvmArgs.addAll(more);
      return this;
    }

    public Builder jvmArg(String arg) {
      jvmArgs.add(arg);
      return this;
    }

    public Builder args(List<String> more) {
      args.addAll(more);
      return this;
    }

    public Builder env(Map<String, String> more) {
      env.putAll(more);
      return this;
    }

    public Builder classPath(String cp) {
      this.classPath = cp;
      return this;
    }

    /** Another JDK (e.g. a Java 25 beside the default 17). */
    public Builder javaHome(Path home) {
      this.javaHome = home;
      return this;
    }

    /** Called on the reader thread for every line (e.g. to pick out a reported value). */
    public Builder onLine(Consumer<String> consumer) {
      this.onLine = consumer;
      return this;
    }

    public List<String> command() {
      List<String> command = new ArrayList<>();
      command.add(javaHome.resolve("bin").resolve("java").toString());
      command.addAll(jvmArgs);
      if (classPath != null) {
        command.add("-cp");
        command.add(classPath);
      }
      command.addAll(main);
      command.addAll(args);
      return command;
    }

    public ForkedJvm start() throws IOException {
      ProcessBuilder pb = new ProcessBuilder(command()).redirectErrorStream(true);
      pb.environment().remove("JAVA_TOOL_OPTIONS");
      pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("WSAUDIT_"));
      pb.environment().putAll(env);
      long start = System.nanoTime();
      return new ForkedJvm(name, pb.start(), start, onLine);
    }
  }
}
