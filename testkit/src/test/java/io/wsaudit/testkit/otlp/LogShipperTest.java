package io.wsaudit.testkit.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipper against the test kit's own OTLP receiver: what a Collector's filelog would send. */
class LogShipperTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private static void append(Path file, String text) throws Exception {
    Files.writeString(
        file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void shipsEachCompleteLineWithItsStreamPodAndToken(@TempDir Path dir) throws Exception {
    Path access = dir.resolve("access.log");
    Path error = dir.resolve("error.log");
    append(access, "first 101\n");
    try (OtlpCollector collector = new OtlpCollector();
        LogShipper shipper =
            LogShipper.to(collector.httpEndpoint())
                .token("s3cret")
                .pod("ingress-nginx", "ingress-nginx-controller-abc", "controller")
                .stdout(access)
                .stderr(error)
                .flushInterval(Duration.ofMillis(50))
                .start()) {
      collector.awaitLogs(1, WAIT, l -> l.body().equals("first 101"));
      // The error log appears later; a line without its newline waits for the rest.
      append(error, "2026/12/02 05:00:00 [info] 1#1: *7 upstream timed out\n");
      append(access, "second ");
      collector.awaitLogs(1, WAIT, l -> "stderr".equals(l.text("log.iostream")));
      assertThat(collector.logs()).extracting(ReceivedLog::body).doesNotContain("second ");
      append(access, "half\n");
      collector.awaitLogs(1, WAIT, l -> l.body().equals("second half"));

      assertThat(collector.logs()).hasSize(3);
      ReceivedLog first = collector.logs().get(0);
      assertThat(first.text("log.iostream")).isEqualTo("stdout");
      assertThat(first.text("log.file.path")).isEqualTo(access.toString());
      assertThat(first.resourceText("k8s.namespace.name")).isEqualTo("ingress-nginx");
      assertThat(first.resourceText("k8s.pod.name")).isEqualTo("ingress-nginx-controller-abc");
      assertThat(first.resourceText("k8s.container.name")).isEqualTo("controller");
      assertThat(first.authorization()).isEqualTo("Bearer s3cret");
      // The shipper counts a batch once the POST has answered, just after the collector saw it.
      org.awaitility.Awaitility.await().atMost(WAIT).until(() -> shipper.shipped() == 3);
      assertThat(shipper.errors()).isEmpty();
    }
  }

  @Test
  void shipsAFloodInBoundedBatchesAndTheRestOnClose(@TempDir Path dir) throws Exception {
    Path access = dir.resolve("access.log");
    append(
        access,
        String.join("\n", IntStream.range(0, 1_000).mapToObj(i -> "line " + i).toList()) + "\n");
    try (OtlpCollector collector = new OtlpCollector()) {
      LogShipper shipper =
          LogShipper.to(collector.httpEndpoint())
              .stdout(access)
              .maxBatch(100)
              .flushInterval(Duration.ofSeconds(30))
              .start();
      collector.awaitLogs(1_000, WAIT, l -> true);
      assertThat(collector.logs()).extracting(ReceivedLog::body).startsWith("line 0", "line 1");
      assertThat(collector.logs().get(0).authorization()).isNull();
      // Written after the first pass, long before the next: close ships it.
      append(access, "last\n");
      shipper.close();
      assertThat(collector.logs())
          .hasSize(1_001)
          .last()
          .extracting(ReceivedLog::body)
          .isEqualTo("last");
      assertThat(shipper.shipped()).isEqualTo(1_001);
    }
  }

  @Test
  void countsWhatTheReceiverRefusesOrNeverGets(@TempDir Path dir) throws Exception {
    Path access = dir.resolve("access.log");
    append(access, "a\nb\n");
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (LogShipper shipper =
        LogShipper.to("http://127.0.0.1:" + closedPort)
            .stdout(access)
            .flushInterval(Duration.ofMillis(50))
            .start()) {
      Awaitility.await().atMost(WAIT).until(() -> shipper.dropped() == 2);
      assertThat(shipper.shipped()).isZero();
      assertThat(shipper.errors()).isNotEmpty();
    }
  }
}
