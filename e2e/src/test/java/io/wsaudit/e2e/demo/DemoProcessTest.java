package io.wsaudit.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsaudit.e2e.apps.ForkedApp;
import io.wsaudit.e2e.nginx.NginxProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's {@code main} as {@code ./demo.sh} runs it, in a JVM of its own: it reaches its summary
 * and exits 0, and when stopped midway (SIGTERM, the same shutdown hook as Ctrl-C's SIGINT) it
 * leaves no process behind.
 */
class DemoProcessTest {

  @BeforeAll
  static void nginx() {
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(NginxProcess.binary() != null, "nginx is not installed");
    }
  }

  private static Process start(List<String> output) throws IOException {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dwsaudit.agent.jar=" + ForkedApp.agentJar(),
                "-cp",
                cp,
                Demo.class.getName())
            .redirectErrorStream(true)
            .start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  output.add(line);
                }
              } catch (IOException ignored) {
                // ended
              }
            },
            "demo-output");
    reader.setDaemon(true);
    reader.start();
    return p;
  }

  @Test
  void runsToItsSummaryAndStopsEverything() throws Exception {
    List<String> out = new CopyOnWriteArrayList<>();
    Process p = start(out);
    try {
      assertThat(p.waitFor(150, TimeUnit.SECONDS)).as(String.join("\n", out)).isTrue();
      List<ProcessHandle> left = p.descendants().filter(ProcessHandle::isAlive).toList();
      assertThat(p.exitValue()).as(String.join("\n", out)).isZero();
      assertThat(left).isEmpty();
      String text = String.join("\n", out);
      assertThat(text)
          .contains(
              "embedded stand-in",
              "not a cluster",
              "Summary",
              "now Resolved",
              "\"1.0\" -> \"1.1\"",
              "nginx reloaded",
              "4/4 new connections upgraded over HTTP/1.1",
              "first broken connection -> Ingress patched");
      out.stream().filter(l -> l.startsWith("  time:")).forEach(System.out::println);
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void stoppedMidwayLeavesNoProcessBehind() throws Exception {
    List<String> out = new CopyOnWriteArrayList<>();
    Process p = start(out);
    List<ProcessHandle> children = List.of();
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> out.stream().anyMatch(l -> l.contains("phase 1")) || !p.isAlive());
      children = p.descendants().toList();
      // the two apps and nginx (master and worker)
      assertThat(children).hasSizeGreaterThanOrEqualTo(3);
      p.destroy();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      // nginx (daemon off, its output in a file) would outlive a parent that did not stop it: the
      // hook did.
      List<ProcessHandle> all = children;
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> all.stream().noneMatch(ProcessHandle::isAlive));
    } finally {
      children.forEach(ProcessHandle::destroyForcibly);
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }
}
