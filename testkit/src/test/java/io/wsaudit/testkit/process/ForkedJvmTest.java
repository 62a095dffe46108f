package io.wsaudit.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void stopRunsTheChildsShutdownHooks(@TempDir Path dir) throws Exception {
    Path marker = dir.resolve("hook");
    ForkedJvm jvm = child().args(List.of("--hook-file", marker.toString())).start();
    jvm.awaitLine(Pattern.compile("READY"), Duration.ofSeconds(30));
    jvm.stop(Duration.ofSeconds(10));
    assertThat(jvm.isAlive()).isFalse();
    // SIGTERM, not SIGKILL (137). Process.destroy also closes the child's stdin, so the child may
    // end through EOF (0) before the signal's exit (143): either way its hooks ran.
    assertThat(jvm.process().exitValue()).isIn(0, 143);
    assertThat(marker).hasContent("hook ran");
  }

  @Test
  void terminateTellsAChildThatStopsBySignalFromOneThatHasToBeKilled() throws Exception {
    ForkedJvm clean = child().start();
    clean.awaitLine(Pattern.compile("READY"), Duration.ofSeconds(30));
    assertThat(clean.terminate(Duration.ofSeconds(10))).isPresent();

    ForkedJvm hanging = child().args(List.of("--hang-in-hook")).start();
    hanging.awaitLine(Pattern.compile("READY"), Duration.ofSeconds(30));
    assertThat(hanging.terminate(Duration.ofSeconds(1))).isEmpty();
    assertThat(hanging.isAlive()).isFalse();
  }
}
