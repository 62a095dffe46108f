package io.wsaudit.e2e.apps;

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
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * A sample application in a JVM of its own with the wsaudit agent attached ({@code -javaagent}),
 * exporting over OTLP/HTTP, with {@code k8s.namespace.name}/{@code k8s.pod.name} in {@code
 * OTEL_RESOURCE_ATTRIBUTES} as the Downward API would set them. Its class path is only its server's
 * jars and the e2e classes (adapted from the agent's test harness {@code
 * agent/src/test/java/io/wsaudit/agent/it/ForkedServer.java}).
 */
public final class ForkedApp implements AutoCloseable {

  private static final Pattern READY = Pattern.compile("READY port=(\\d+)");

  /** The server families the e2e apps use, with the jars each needs. */
  public enum Kind {
    UNDERTOW(
        UndertowEchoApp.class,
        e ->
            e.contains("/io/undertow/")
                || e.contains("/org/jboss/")
                || e.contains("/org/wildfly/")
                || e.contains("/io/smallrye/")),
    TOMCAT(TomcatEchoApp.class, e -> e.contains("/org/apache/tomcat/")),
    JETTY(
        JettyEchoApp.class,
        e -> e.contains("/org/eclipse/jetty/") || e.contains("/org/slf4j/slf4j-api/"));

    final Class<?> main;
    final Predicate<String> jars;

    Kind(Class<?> main, Predicate<String> jars) {
      this.main = main;
      this.jars = jars;
    }
  }

  private final String name;
  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private final int port;

  private ForkedApp(String name, Process process) {
    this.name = name;
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
                // ended
              }
            },
            "app-output-" + name);
    reader.setDaemon(true);
    reader.start();
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> readyPort() > 0 || !process.isAlive());
    } catch (RuntimeException e) {
      close();
      throw new IllegalStateException(name + " did not start:\n" + String.join("\n", output), e);
    }
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited:\n" + String.join("\n", output));
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

  /**
   * Starts one app.
   *
   * @param otlpEndpoint where the agent exports ({@code http://127.0.0.1:PORT})
   */
  public static ForkedApp start(Kind kind, String namespace, String pod, String otlpEndpoint)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-javaagent:" + agentJar());
    command.add("-cp");
    command.add(classPath(kind));
    command.add(kind.main.getName());
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint);
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    env.put("OTEL_BSP_SCHEDULE_DELAY", "100");
    env.put("OTEL_SERVICE_NAME", pod.replaceAll("-[0-9a-z]+$", ""));
    env.put("OTEL_RESOURCE_ATTRIBUTES", "k8s.namespace.name=" + namespace + ",k8s.pod.name=" + pod);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("WSAUDIT_"));
    pb.environment().putAll(env);
    return new ForkedApp(pod, pb.start());
  }

  /**
   * The agent jar: {@code -Dwsaudit.agent.jar}, else {@code agent/target/wsaudit-agent.jar} from
   * here or above.
   */
  public static Path agentJar() {
    String configured = System.getProperty("wsaudit.agent.jar");
    List<Path> candidates = new ArrayList<>();
    if (configured != null) {
      candidates.add(Path.of(configured));
    }
    candidates.add(Path.of("agent/target/wsaudit-agent.jar"));
    candidates.add(Path.of("../agent/target/wsaudit-agent.jar"));
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException(
        "agent jar not built: "
            + candidates
            + " (run ./mvnw -B -pl agent -am package -DskipTests)");
  }

  /** The e2e classes plus this kind's server jars, from this JVM's class path. */
  static String classPath(Kind kind) {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> kept = new ArrayList<>();
    String own;
    try {
      own =
          Path.of(kind.main.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    kept.add(own);
    for (String entry : cp.split(File.pathSeparator)) {
      String e = entry.replace('\\', '/');
      if (kind.jars.test(e) && !entry.equals(own)) {
        kept.add(entry);
      }
    }
    return String.join(File.pathSeparator, kept);
  }

  /**
   * A few direct WebSocket connections (not through nginx) so that the server's upgrade path is
   * loaded and compiled before anything is measured. Their spans reach whatever the exporter's
   * receiver forwards to then.
   */
  public void warmUp() {
    for (int i = 0; i < 3; i++) {
      io.wsaudit.e2e.client.WsProbe.run(
          "warm-up",
          port,
          "127.0.0.1:" + port,
          "/ws",
          Duration.ofMillis(200),
          Duration.ofMillis(50));
    }
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public List<String> output() {
    return List.copyOf(output);
  }

  /** SIGTERM (the agent flushes its spans in a shutdown hook), then forcibly. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      reader.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
