package io.wsaudit.agent.it;

import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.process.ClassPaths;
import io.wsaudit.testkit.process.ForkedJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * A test server application in a JVM of its own ({@link ForkedJvm}), optionally with the built
 * agent jar attached. What it adds to the kit's launcher: the {@code -javaagent} argument (and any
 * agent before ours), OTLP export to a collector, and a class path that is this test's less the
 * agent's own code and libraries, as an unmodified application would have.
 */
public final class ForkedServer implements AutoCloseable {

  private final ForkedJvm jvm;
  private final int port;

  private ForkedServer(ForkedJvm jvm) {
    this.jvm = jvm;
    try {
      this.port = jvm.awaitReadyPort(Duration.ofSeconds(40));
    } catch (RuntimeException e) {
      jvm.stop(Duration.ZERO);
      throw new IllegalStateException("server did not start", e);
    }
  }

  public int port() {
    return port;
  }

  public List<String> output() {
    return jvm.output();
  }

  /** Lines the agent printed ({@code [wsaudit] ...}). */
  public List<String> agentLines() {
    return jvm.output().stream().filter(l -> l.startsWith("[wsaudit]")).toList();
  }

  public boolean isAlive() {
    return jvm.isAlive();
  }

  /** SIGTERM (shutdown hooks run, so the agent flushes), then forcibly. */
  @Override
  public void close() {
    jvm.stop(Duration.ofSeconds(20));
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
      List<String> all = new ArrayList<>(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
      all.addAll(agentsBeforeOurs);
      if (agent) {
        all.add("-javaagent:" + agentJar());
      }
      all.addAll(jvmArgs);
      return new ForkedServer(
          ForkedJvm.builder(mainClass.getSimpleName(), mainClass.getName())
              .javaHome(Path.of(javaHome))
              .jvmArgs(all)
              .classPath(classPath != null ? classPath : applicationClassPath())
              .args(args)
              .env(env)
              .start());
    }
  }

  /**
   * The JDK 25 the build names ({@code wsaudit.jdk25.home}); the calling test is skipped where
   * there is none.
   */
  public static String jdk25Home() {
    String home = System.getProperty("wsaudit.jdk25.home", "");
    Assumptions.assumeTrue(
        !home.isBlank() && Files.isExecutable(Path.of(home, "bin", "java")),
        "no JDK 25 at " + home);
    return home;
  }

  public static Path agentJar() {
    return ClassPaths.agentJar();
  }

  /** This JVM's test class path less the agent's own code and everything the agent shades. */
  static String applicationClassPath() {
    List<String> kept = new ArrayList<>();
    for (String entry : ClassPaths.current().split(java.io.File.pathSeparator)) {
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
    return String.join(java.io.File.pathSeparator, kept);
  }
}
