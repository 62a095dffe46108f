package io.wsaudit.agent.it;

import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.process.ClassPaths;
import io.wsaudit.testkit.process.ForkedJvm;
import io.wsaudit.testkit.process.ServingProcess;
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
public final class ForkedServer extends ServingProcess {

  private ForkedServer(ForkedJvm jvm) {
    // SIGTERM on close: shutdown hooks run, so the agent flushes.
    super(jvm, Duration.ofSeconds(40), Duration.ofSeconds(20), null);
  }

  /** Lines the agent printed ({@code [wsaudit] ...}). */
  public List<String> agentLines() {
    return output().stream().filter(l -> l.startsWith("[wsaudit]")).toList();
  }

  public static Builder builder(Class<?> mainClass) {
    return new Builder(mainClass);
  }

  /**
   * Settings for one forked server: the kit's {@link ForkedJvm.Builder} with our agent attached
   * after any other, and this test's class path less the agent's own code by default.
   */
  public static final class Builder {
    private final Class<?> mainClass;
    private final ForkedJvm.Builder jvm;
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> agentsBeforeOurs = new ArrayList<>();
    private boolean agent = true;

    private Builder(Class<?> mainClass) {
      this.mainClass = mainClass;
      this.jvm =
          ForkedJvm.builder(mainClass.getSimpleName(), mainClass.getName())
              .classPath(applicationClassPath());
    }

    public Builder withoutAgent() {
      this.agent = false;
      return this;
    }

    /** Sends spans to the collector over OTLP/HTTP, quickly (short batch delay). */
    public Builder exportTo(OtlpCollector collector) {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("OTEL_EXPORTER_OTLP_ENDPOINT", collector.httpEndpoint());
      env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
      env.put("OTEL_BSP_SCHEDULE_DELAY", "50");
      env.put("OTEL_SERVICE_NAME", mainClass.getSimpleName());
      jvm.env(env);
      return this;
    }

    public Builder env(String key, String value) {
      jvm.env(Map.of(key, value));
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
      jvm.args(List.of(arg));
      return this;
    }

    /** Replaces the application class path (by default this test's, less the agent's own code). */
    public Builder classPath(String value) {
      jvm.classPath(value);
      return this;
    }

    public Builder javaHome(String home) {
      jvm.javaHome(Path.of(home));
      return this;
    }

    public ForkedServer start() throws IOException {
      List<String> all = new ArrayList<>(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
      all.addAll(agentsBeforeOurs);
      if (agent) {
        all.add("-javaagent:" + agentJar());
      }
      all.addAll(jvmArgs);
      return new ForkedServer(jvm.jvmArgs(all).start());
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
