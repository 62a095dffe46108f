package io.wsaudit.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsaudit.e2e.apps.ForkedApp;
import io.wsaudit.testkit.nginx.Nginx;
import io.wsaudit.testkit.process.ClassPaths;
import io.wsaudit.testkit.process.ForkedJvm;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
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
      Assumptions.assumeTrue(Nginx.binary() != null, "nginx is not installed");
    }
  }

  /** The demo as demo.sh starts it, but with none of this machine's OTEL_/WSAUDIT_ variables. */
  private static ForkedJvm start() throws IOException {
    return ForkedJvm.builder("demo", Demo.class.getName())
        .jvmArg("-Dwsaudit.agent.jar=" + ForkedApp.agentJar())
        .classPath(ClassPaths.current())
        .start();
  }

  @Test
  void runsToItsSummaryAndStopsEverything() throws Exception {
    ForkedJvm demo = start();
    Process p = demo.process();
    try {
      assertThat(p.waitFor(170, TimeUnit.SECONDS)).as(String.join("\n", demo.output())).isTrue();
      List<String> out = demo.output();
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
              "first broken connection -> Ingress patched",
              "Summary (connection)",
              "\"keep-alive\" -> (removed)",
              "3/3 new Tomcat connections upgraded",
              "Summary (idle)",
              "later with no close frame",
              "proxy-read-timeout \"3\" -> \"3600\"",
              "proxy-send-timeout (absent) -> \"3600\"",
              "3/3 new silent connections stayed open",
              "http10 fixed, connection fixed, idle fixed");
      out.stream().filter(l -> l.startsWith("  time:")).forEach(System.out::println);
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void stoppedMidwayLeavesNoProcessBehind() throws Exception {
    ForkedJvm demo = start();
    Process p = demo.process();
    List<ProcessHandle> children = List.of();
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> demo.output().stream().anyMatch(l -> l.contains("phase 1")) || !p.isAlive());
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
