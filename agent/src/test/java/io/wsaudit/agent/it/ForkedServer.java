package io.wsaudit.agent.it;

import io.wsaudit.testkit.otlp.OtlpCollector;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * A test server application in a JVM of its own, optionally with the built agent jar attached. Its
 * class path is this test's class path without the agent's code and libraries, as an unmodified
 * application would have.
 */
public final class ForkedServer implements AutoCloseable {

  private static final Pattern READY = Pattern.compile("READY port=(\\d+)");

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final int port;
  private final Thread reader;

  private ForkedServer(Process process) {
    this.process = process;
    this.reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  output.add(line);
                }
              } catch (IOException ignored) {
                // process ended
              }
            },
            "forked-output");
    reader.setDaemon(true);
    reader.start();
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(40))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> readyPort() > 0 || !process.isAlive());
    } catch (RuntimeException e) {
      process.destroyForcibly();
      throw new IllegalStateException("server did not start:\n" + String.join("\n", output), e);
    }
    if (!process.isAlive()) {
      throw new IllegalStateException("server exited:\n" + String.join("\n", output));
    }
    this.port = readyPort();
  }

  private int readyPort() {
    for (String line : output) {
      Matcher m = READY.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    return -1;
  }

  public int port() {
    return port;
  }

  public List<String> output() {
    return new ArrayList<>(output);
  }

  /** Lines the agent printed ({@code [wsaudit] ...}). */
  public List<String> agentLines() {
    return output.stream().filter(l -> l.startsWith("[wsaudit]")).collect(Collectors.toList());
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Stops the server gracefully (SIGTERM runs shutdown hooks, so the agent flushes), then forcibly.
   */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      // Let the reader take the last lines (the agent's shutdown line among them).
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  public static Builder builder(Class<?> mainClass) {
    return new Builder(mainClass);
  }

  /** Settings for one forked server. */
  public static final class Builder {
    private final Class<?> mainClass;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> agentsBeforeOurs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private boolean agent = true;
    private String javaHome = System.getProperty("java.home");
    private String classPath;

    private Builder(Class<?> mainClass) {
      this.mainClass = mainClass;
    }

    public Builder withoutAgent() {
      this.agent = false;
      return this;
    }

    /** Sends spans to the collector over OTLP/HTTP, quickly (short batch delay). */
    public Builder exportTo(OtlpCollector collector) {
      env.put("OTEL_EXPORTER_OTLP_ENDPOINT", collector.httpEndpoint());
      env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
      env.put("OTEL_BSP_SCHEDULE_DELAY", "50");
      env.put("OTEL_SERVICE_NAME", mainClass.getSimpleName());
      return this;
    }

    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    /** Attaches another {@code -javaagent} before ours (after ours: {@link #jvmArg}). */
    public Builder javaagentBeforeOurs(Path jar) {
      agentsBeforeOurs.add("-javaagent:" + jar);
      return this;
    }

    public Builder jvmArg(String arg) {
      jvmArgs.add(arg);
      return this;
    }

    public Builder arg(String arg) {
      args.add(arg);
      return this;
    }

    /** Replaces the application class path (by default this test's, less the agent's own code). */
    public Builder classPath(String value) {
      this.classPath = value;
      return this;
    }

    public Builder javaHome(String home) {
      this.javaHome = home;
      return this;
    }

    public ForkedServer start() throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(javaHome, "bin", "java").toString());
      command.add("-Xmx256m");
      command.add("-XX:TieredStopAtLevel=1");
      command.addAll(agentsBeforeOurs);
      if (agent) {
        command.add("-javaagent:" + agentJar());
      }
      command.addAll(jvmArgs);
      command.add("-cp");
      command.add(classPath != null ? classPath : applicationClassPath());
      command.add(mainClass.getName());
      command.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().remove("JAVA_TOOL_OPTIONS");
      pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("WSAUDIT_"));
      pb.environment().putAll(env);
      return new ForkedServer(pb.start());
    }
  }

  public static Path agentJar() {
    String jar = System.getProperty("wsaudit.agent.jar", "target/wsaudit-agent.jar");
    Path path = Path.of(jar);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          "agent jar not built: " + path + " (run ./mvnw package first)");
    }
    return path.toAbsolutePath();
  }

  /** This JVM's test class path less the agent's own code and everything the agent shades. */
  static String applicationClassPath() {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> kept = new ArrayList<>();
    for (String entry : cp.split(File.pathSeparator)) {
      String e = entry.replace('\\', '/');
      boolean ours =
          e.endsWith("/agent/target/classes")
              || e.contains("wsaudit-agent")
              || e.contains("/contract/target/")
              || e.contains("wsaudit-contract")
              || e.contains("/net/bytebuddy/")
              || e.contains("/io/opentelemetry/opentelemetry-")
              || e.contains("/com/squareup/")
              || e.contains("/org/jetbrains/kotlin/");
      if (!ours && !e.isBlank()) {
        kept.add(entry);
      }
    }
    return String.join(File.pathSeparator, kept);
  }
}
