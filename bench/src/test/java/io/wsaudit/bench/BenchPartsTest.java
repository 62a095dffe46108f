package io.wsaudit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bench's parts, each against the real thing: the sink, the client on a forked server, the
 * report.
 */
@Timeout(value = 50, unit = TimeUnit.SECONDS)
class BenchPartsTest {

  @Test
  void sinkCountsSpansByScopeFromTheSdkExporter() throws Exception {
    try (OtlpSink sink = new OtlpSink()) {
      for (String compression : List.of("none", "gzip")) {
        sink.reset();
        OtlpHttpSpanExporter exporter =
            OtlpHttpSpanExporter.builder()
                .setEndpoint(sink.endpoint() + "/v1/traces")
                .setCompression(compression)
                .build();
        SdkTracerProvider provider =
            SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build();
        Tracer ours = provider.get(OtlpSink.WSAUDIT_SCOPE);
        Tracer other = provider.get("io.opentelemetry.undertow-1.4");
        for (int i = 0; i < 3; i++) {
          ours.spanBuilder("websocket.handshake").startSpan().end();
        }
        for (int i = 0; i < 2; i++) {
          other.spanBuilder("GET /ws").setAttribute("url.path", "/ws").startSpan().end();
        }
        assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        provider.shutdown().join(10, TimeUnit.SECONDS);
        assertThat(sink.wsauditSpans()).as(compression).isEqualTo(3);
        assertThat(sink.otherSpans()).as(compression).isEqualTo(2);
        assertThat(sink.requests()).isEqualTo(5);
        assertThat(sink.malformed()).isZero();
      }
    }
  }

  @Test
  void clientRunsHandshakeEchoCloseAgainstAForkedServer() throws Exception {
    ServerKind kind = ServerKind.UNDERTOW;
    try (LoadClient client = new LoadClient();
        ForkedServer server =
            ForkedServer.start(kind, List.of(), Map.of(), System.getProperty("java.class.path"))) {
      long startup =
          client.awaitFirstUpgrade(
              server.port(), server.process().startNanos(), Duration.ofSeconds(30));
      assertThat(startup).isPositive();
      assertThat(client.cycle(server.port())).isPositive();

      LoadClient.Loop loop = client.cycleLoop(server.port(), 2, Duration.ofSeconds(5), 20, true);
      assertThat(loop.ok()).isEqualTo(20);
      assertThat(loop.failed()).isZero();
      assertThat(loop.handshakeNanos()).hasSize(20);

      LoadClient.Loop echo = client.echoLoop(server.port(), 5, Duration.ofSeconds(1), 100_000);
      assertThat(echo.ok()).isPositive();
      assertThat(echo.failed()).as("%s", client.takeLastFailure()).isZero();
      LoadClient.Loop measured =
          client.echoLoop(
              server.port(), 5, Duration.ofSeconds(1), 100_000, server.process()::cpuNanos);
      assertThat(measured.cpuMicrosPerOp()).isPositive();

      long idle = server.heapAfterGc();
      var held = client.open(server.port(), 50, 8, Duration.ofSeconds(20));
      assertThat(held).hasSize(50);
      assertThat(server.heapAfterGc()).isPositive();
      LoadClient.abortAll(held);
      assertThat(idle).isPositive();
    }
  }

  @Test
  void reportRendersRatiosAndTargets() {
    List<RunResult> runs = new ArrayList<>();
    for (int rep = 0; rep < 3; rep++) {
      runs.add(run(AgentSetup.NONE, rep, 1000, 100));
      runs.add(run(AgentSetup.WSAUDIT, rep, 990 + rep, 100.1));
      runs.add(run(AgentSetup.OTEL, rep, 800, 120));
      runs.add(run(AgentSetup.BOTH, rep, 790, 121));
    }
    Report report = new Report(runs);
    assertThat(report.ratio(ServerKind.JETTY, AgentSetup.WSAUDIT, Report.Measure.LOOP).median())
        .isEqualTo(0.991);
    assertThat(report.delta(ServerKind.JETTY, AgentSetup.OTEL, Report.Measure.STARTUP).median())
        .isEqualTo(20);

    String md =
        Markdown.results(
            report,
            runs,
            "quick",
            "plan",
            "./bench/run.sh --quick",
            Instant.EPOCH,
            Instant.EPOCH,
            "0.1",
            "0.2",
            Map.of("wsaudit-agent.jar", 4_800_000L),
            List.of("note"),
            "");
    assertThat(md)
        .contains("mode: quick")
        .contains(
            "| Jetty 12 | connection rate (no target; for reading the CPU figure) | ×0.991 (0.990–0.992) | ×0.800 (0.800–0.800) | — |")
        .contains(
            "| Jetty 12 | server CPU per connection ≤ ×1.02 | ×1.000 (1.000–1.000) | ×1.000 (1.000–1.000) | met (-0.020 against 1.020) |")
        .contains(
            "| Jetty 12 | ≤ 1/10 of the OTel agent's added server CPU per connection | wsaudit +0.0 %, OTel +0.0 % |  | n/a (no OTel cost measured) |")
        .contains(
            "| handshake+echo+close loop (conn/s, 4 workers) | 1000 (1000–1000) | ×0.991 (0.990–0.992) |")
        .contains(
            "| startup to first upgrade ≤ +250 ms | +0 (+0–+0) ms | +20 (+20–+20) ms | met (-250 ms against 250 ms) |")
        .contains(
            "| retained heap per open connection ≤ 128 B (over no agent) | +0 (+0–+0) B | +0 (+0–+0) B | met (-128 B against 128 B) |")
        .contains(
            "| all | agent jar ≤ 5 MB, gRPC export kept | 4,800,000 bytes | | met (200,000 bytes under) |")
        .contains("| wsaudit-agent.jar | 4800000 | 4.8 |")
        .contains("- note")
        .contains("- Jetty 12 loop: wsaudit ×0.991, OTel ×0.800, both ×0.790")
        .contains("Every target is met in this run.");
    assertThat(TargetTable.jarRow(8_376_250))
        .isEqualTo(
            "| all | agent jar ≤ 5 MB, gRPC export kept | 8,376,250 bytes | | **missed** (3,376,250 bytes over) |\n");
  }

  @Test
  void bothSetupsAttachTheAgentsInTheirOrder() {
    java.nio.file.Path ws = java.nio.file.Path.of("/w.jar");
    java.nio.file.Path otel = java.nio.file.Path.of("/o.jar");
    assertThat(AgentSetup.BOTH.jvmArgs(ws, otel))
        .containsExactly("-javaagent:/w.jar", "-javaagent:/o.jar");
    assertThat(AgentSetup.BOTH_OTEL_FIRST.jvmArgs(ws, otel))
        .containsExactly("-javaagent:/o.jar", "-javaagent:/w.jar");
    assertThat(AgentSetup.EXTENSION.jvmArgs(ws, otel))
        .containsExactly("-javaagent:/o.jar", "-Dotel.javaagent.extensions=/w.jar");
    assertThat(AgentSetup.NONE.jvmArgs(ws, otel)).isEmpty();
    assertThat(AgentSetup.DEFAULT).doesNotContain(AgentSetup.BOTH_OTEL_FIRST);
  }

  @Test
  void histogramDiffPerConnection() {
    Histogram none =
        Histogram.parse(
            " num     #instances         #bytes  class name (module)\n"
                + "   1:          100           4000  [B (java.base@17)\n"
                + "   2:           10            240  java.lang.String (java.base@17)\n");
    Histogram ws =
        Histogram.parse(
            "   1:          300          12000  [B (java.base@17)\n"
                + "   2:           10            240  java.lang.String (java.base@17)\n"
                + "   3:          100           8000  io.wsaudit.agent.telemetry.OpenConnection\n"
                + "   4:          100           1600  org.Foo$$Lambda$12/0x0000000801234\n");
    assertThat(ws.diffTable(none, 100, 3))
        .contains("| `[B` | +2.00 | +80 |")
        .contains("| `io.wsaudit.agent.telemetry.OpenConnection` | +1.00 | +80 |")
        .contains("| `org.Foo$$Lambda` | +1.00 | +16 |")
        .contains("| (all classes) | | +176 |");
  }

  private static RunResult run(AgentSetup setup, int rep, double loop, double startupMs) {
    return new RunResult(
        ServerKind.JETTY,
        setup,
        rep,
        startupMs,
        loop,
        5000,
        500,
        20,
        1.0,
        2.0,
        10e6,
        12e6,
        10_000,
        0,
        setup == AgentSetup.NONE ? 0 : 2,
        0);
  }
}
