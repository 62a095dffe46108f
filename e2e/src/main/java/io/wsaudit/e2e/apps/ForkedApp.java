package io.wsaudit.e2e.apps;

import io.wsaudit.testkit.apps.jetty.JettyEchoApp;
import io.wsaudit.testkit.apps.tomcat.TomcatEchoApp;
import io.wsaudit.testkit.apps.undertow.UndertowEchoApp;
import io.wsaudit.testkit.process.ClassPaths;
import io.wsaudit.testkit.process.ForkedJvm;
import io.wsaudit.testkit.process.ServingProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A sample application in a JVM of its own with the wsaudit agent attached ({@code -javaagent}),
 * exporting over OTLP/HTTP, with {@code k8s.namespace.name}/{@code k8s.pod.name} in {@code
 * OTEL_RESOURCE_ATTRIBUTES} as the Downward API would set them. Its class path is only its server's
 * jars and the test kit's echo apps.
 */
public final class ForkedApp extends ServingProcess {

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

  private ForkedApp(ForkedJvm jvm) {
    // SIGTERM on close: the agent flushes its spans in a shutdown hook.
    super(jvm, Duration.ofSeconds(60), Duration.ofSeconds(15), null);
  }

  /**
   * Starts one app.
   *
   * @param otlpEndpoint where the agent exports ({@code http://127.0.0.1:PORT})
   */
  public static ForkedApp start(Kind kind, String namespace, String pod, String otlpEndpoint)
      throws IOException {
    return start(kind, namespace, pod, otlpEndpoint, List.of());
  }

  /** Starts one app with these arguments (its settings, e.g. {@code --idle-ms 2000}). */
  public static ForkedApp start(
      Kind kind, String namespace, String pod, String otlpEndpoint, List<String> appArgs)
      throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint);
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    env.put("OTEL_BSP_SCHEDULE_DELAY", "100");
    env.put("OTEL_SERVICE_NAME", pod.replaceAll("-[0-9a-z]+$", ""));
    env.put("OTEL_RESOURCE_ATTRIBUTES", "k8s.namespace.name=" + namespace + ",k8s.pod.name=" + pod);
    return new ForkedApp(
        ForkedJvm.builder(pod, kind.main.getName())
            .jvmArgs(
                List.of(
                    "-Xmx128m",
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-javaagent:" + agentJar()))
            .args(appArgs)
            .classPath(ClassPaths.only(kind.main, kind.jars))
            .env(env)
            .start());
  }

  /**
   * The agent jar: {@code -Dwsaudit.agent.jar}, else {@code agent/target/wsaudit-agent.jar} from
   * here or above.
   */
  public static Path agentJar() {
    return ClassPaths.agentJar();
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
          port(),
          "127.0.0.1:" + port(),
          "/ws",
          Duration.ofMillis(200),
          Duration.ofMillis(50));
    }
  }
}
