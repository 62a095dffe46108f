package io.wsaudit.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ForkedJvmTest {

  private static ForkedJvm.Builder child() {
    return ForkedJvm.builder("child", ChildMain.class.getName())
        .jvmArg("-Xmx32m")
        .classPath(ClassPaths.locationOf(ChildMain.class));
  }

  @Test
  void passesArgumentsAndOnlyTheGivenEnvironmentAndTalksOverStdin() throws Exception {
    try (ForkedJvm jvm =
        child().args(List.of("a", "b")).env(Map.of("OTEL_SERVICE_NAME", "svc")).start()) {
      jvm.awaitLine(Pattern.compile("^READY$"), Duration.ofSeconds(30));
      assertThat(jvm.output()).contains("ARGS a,b", "OTEL_SERVICE_NAME=svc", "WSAUDIT_LEAK=null");
      jvm.send("hello");
      assertThat(jvm.awaitLine(Pattern.compile("^GOT (.*)$"), Duration.ofSeconds(10)).group(1))
          .isEqualTo("hello");
      jvm.send("exit");
      assertThat(jvm.awaitExit(Duration.ofSeconds(10))).contains(3);
    }
  }

  @Test
  void awaitingALineThatNeverComesFailsWithTheOutputOnceTheProcessEnds() throws Exception {
    try (ForkedJvm jvm = child().start()) {
      jvm.awaitLine(Pattern.compile("READY"), Duration.ofSeconds(30));
      jvm.send("exit");
      assertThatThrownBy(() -> jvm.awaitLine(Pattern.compile("NEVER"), Duration.ofSeconds(30)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("exited")
          .hasMessageContaining("ARGS");
    }
  }

  @Test
  void stopSendsSigtermSoShutdownHooksRun() throws Exception {
    ForkedJvm jvm = child().start();
    jvm.awaitLine(Pattern.compile("READY"), Duration.ofSeconds(30));
    jvm.stop(Duration.ofSeconds(10));
    assertThat(jvm.isAlive()).isFalse();
    // 143 = 128 + SIGTERM: the JVM exited through its shutdown sequence, not SIGKILL (137).
    assertThat(jvm.process().exitValue()).isEqualTo(143);
  }
}
