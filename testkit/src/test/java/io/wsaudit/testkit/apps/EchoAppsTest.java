package io.wsaudit.testkit.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.testkit.apps.jetty.JettyEchoApp;
import io.wsaudit.testkit.apps.tomcat.TomcatEchoApp;
import io.wsaudit.testkit.apps.undertow.UndertowEchoApp;
import io.wsaudit.testkit.process.ClassPaths;
import io.wsaudit.testkit.process.ForkedJvm;
import io.wsaudit.testkit.process.Ports;
import io.wsaudit.testkit.ws.RawClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each family's echo app, forked as its users fork it: echo, a server close, stdin commands. */
class EchoAppsTest {

  private static final Duration IO = Duration.ofSeconds(10);

  /** Only the server's core jars, as the bench and e2e run the apps. */
  private static String coreJars(Class<?> app) {
    Predicate<String> jars =
        app == UndertowEchoApp.class
            ? e ->
                e.contains("/io/undertow/undertow-core/")
                    || e.contains("/org/jboss/")
                    || e.contains("/org/wildfly/")
                    || e.contains("/io/smallrye/")
            : app == JettyEchoApp.class
                ? e ->
                    (e.contains("/org/eclipse/jetty/") && !e.contains("/ee10/"))
                        || e.contains("/org/slf4j/slf4j-api/")
                : e -> e.contains("/org/apache/tomcat/");
    return ClassPaths.only(app, jars);
  }

  @ParameterizedTest
  @ValueSource(classes = {UndertowEchoApp.class, JettyEchoApp.class, TomcatEchoApp.class})
  void onlyOnItsCoreJarsEchoesClosesOnRequestAndAnswersOnStdin(Class<?> app) throws Exception {
    int port = Ports.free();
    try (ForkedJvm jvm =
        ForkedJvm.builder(app.getSimpleName(), app.getName())
            .jvmArgs(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"))
            .classPath(coreJars(app))
            .args(List.of("--port", Integer.toString(port)))
            .start()) {
      assertThat(jvm.awaitReadyPort(Duration.ofSeconds(60))).isEqualTo(port);

      try (RawClient c = RawClient.send(port, RawClient.upgradeRequest("HTTP/1.1", "/ws"), IO)) {
        assertThat(c.status()).isEqualTo(101);
        c.sendText("hello");
        assertThat(c.readFrame().text()).isEqualTo("hello");
      }
      try (RawClient c =
          RawClient.send(
              port,
              RawClient.upgradeRequest("HTTP/1.1", "/ws?close_after_ms=10&code=4001&reason=r"),
              IO)) {
        RawClient.Frame close = c.readFrame();
        assertThat(close.opcode).isEqualTo(8);
        assertThat(close.closeCode()).isEqualTo(4001);
      }
      try (RawClient c =
          RawClient.send(port, RawClient.upgradeRequest("HTTP/1.1", "/app/jsr"), IO)) {
        assertThat(c.status()).isNotEqualTo(101);
      }
      jvm.send("heap");
      assertThat(
              Long.parseLong(
                  jvm.awaitLine(Pattern.compile("HEAP used=(\\d+)"), Duration.ofSeconds(30))
                      .group(1)))
          .isPositive();
    }
  }

  /**
   * With the servlet (Undertow) or ee10 (Jetty) jars present, the Jakarta endpoint is there too.
   */
  @ParameterizedTest
  @ValueSource(classes = {UndertowEchoApp.class, JettyEchoApp.class})
  void servesTheJakartaEndpointWhenItsJarsArePresent(Class<?> app) throws Exception {
    try (ForkedJvm jvm =
        ForkedJvm.builder(app.getSimpleName(), app.getName())
            .jvmArgs(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"))
            .classPath(ClassPaths.current())
            .start()) {
      int port = jvm.awaitReadyPort(Duration.ofSeconds(60));
      try (RawClient c =
          RawClient.send(port, RawClient.upgradeRequest("HTTP/1.1", "/app/jsr"), IO)) {
        assertThat(c.status()).isEqualTo(101);
        c.sendText("jsr");
        assertThat(c.readFrame().text()).isEqualTo("jsr");
      }
    }
  }
}
