package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.testkit.apps.undertow.UndertowEchoApp;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.otlp.Spans;
import io.wsaudit.testkit.ws.RawClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * How spans leave the agent: OTLP/gRPC, no exporter, an exporter that is down, and the agent on JDK
 * 25.
 */
class ExporterIT {

  private static final Duration IO = Duration.ofSeconds(5);

  @Test
  void exportsOverGrpc() throws Exception {
    try (OtlpCollector collector = new OtlpCollector();
        ForkedServer server =
            ForkedServer.builder(UndertowEchoApp.class)
                .exportTo(collector)
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", collector.grpcEndpoint())
                .start()) {
      assertThat(server.agentLines())
          .anyMatch(l -> l.contains("otlp grpc " + collector.grpcEndpoint()));
      Exchanges.upgradeAndHangUp(server.port(), IO, "HTTP/1.0", "/ws/grpc");
      ReceivedSpan close = collector.awaitOne(Spans.close("/ws/grpc"));
      assertThat(close.attr(WsAuditSpans.CLOSE_CAUSE)).isEqualTo("keep_alive");
    }
  }

  @Test
  void exporterDownLeavesTheApplicationAloneAndCountsTheLoss() throws Exception {
    // Port 1: nothing listens there, so every export is refused at once.
    ForkedServer server =
        ForkedServer.builder(UndertowEchoApp.class)
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1")
            .env("OTEL_BSP_SCHEDULE_DELAY", "50")
            .env("OTEL_EXPORTER_OTLP_TIMEOUT", "500")
            .start();
    try {
      for (int i = 0; i < 30; i++) {
        try (RawClient c =
            RawClient.send(server.port(), RawClient.upgradeRequest("HTTP/1.1", "/ws/down"), IO)) {
          assertThat(c.status()).isEqualTo(101);
          c.sendText("ping " + i);
          assertThat(c.readFrame().text()).isEqualTo("ping " + i);
          c.sendClose(1000, "");
          c.readFrame();
        }
      }
    } finally {
      server.close();
    }
    // The exporter retries with back-off before it reports a failure, so the report may come after
    // the stop;
    // whatever the agent printed, it printed no stack trace and not one line per failed batch.
    assertThat(server.output()).noneMatch(l -> l.trim().startsWith("at "));
    assertThat(server.agentLines())
        .filteredOn(l -> l.contains("Failed to export"))
        .hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void noExporterAndDisabledFamilyAreSaidAtStartup() throws Exception {
    try (ForkedServer server =
        ForkedServer.builder(UndertowEchoApp.class)
            .env("OTEL_TRACES_EXPORTER", "none")
            .env("WSAUDIT_UNDERTOW_ENABLED", "false")
            .start()) {
      AgentOutput.awaitLineWith(server, "disabled by configuration: undertow", "spans to none");
      Exchanges.upgradeAndHangUp(server.port(), IO, "HTTP/1.1", "/ws");
      assertThat(server.agentLines()).noneMatch(l -> l.contains("instrumented"));
    }
  }

  @Test
  void badConfigurationDisablesTheAgentNotTheApplication() throws Exception {
    try (ForkedServer server =
        ForkedServer.builder(UndertowEchoApp.class)
            .env("WSAUDIT_EARLY_CLOSE_THRESHOLD", "soon")
            .start()) {
      assertThat(server.agentLines())
          .anySatisfy(
              l ->
                  assertThat(l)
                      .contains("agent disabled")
                      .contains("wsaudit.early.close.threshold"));
      Exchanges.upgradeAndHangUp(server.port(), IO, "HTTP/1.1", "/ws");
    }
  }

  @Test
  void runsOnJdk25() throws Exception {
    String jdk25 = System.getProperty("wsaudit.jdk25.home", "/usr/lib/jvm/temurin-25-jdk-amd64");
    assumeTrue(
        Files.isExecutable(Path.of(jdk25, "bin", "java")), "JDK 25 not installed at " + jdk25);
    try (OtlpCollector collector = new OtlpCollector();
        ForkedServer server =
            ForkedServer.builder(UndertowEchoApp.class)
                .exportTo(collector)
                .javaHome(jdk25)
                .start()) {
      try (RawClient c =
          RawClient.send(server.port(), RawClient.upgradeRequest("HTTP/1.1", "/ws/jdk25"), IO)) {
        c.sendText("25");
        assertThat(c.readFrame().text()).isEqualTo("25");
        c.sendClose(1000, "");
        c.readFrame();
      }
      Exchanges.upgradeAndHangUp(server.port(), IO, "HTTP/1.0", "/ws/jdk25-10");
      assertThat(collector.awaitOne(Spans.close("/ws/jdk25")).attr(WsAuditSpans.CLOSE_INITIATOR))
          .isEqualTo("client");
      assertThat(collector.awaitOne(Spans.close("/ws/jdk25-10")).attr(WsAuditSpans.CLOSE_CAUSE))
          .isEqualTo("keep_alive");
      assertThat(server.agentLines()).noneMatch(l -> l.contains("skipped"));
    }
  }

  @Test
  void consoleExporterPrintsSpansOnStdoutAndTheAgentStaysQuiet() throws Exception {
    for (String exporter : new String[] {"console", "logging"}) {
      try (ForkedServer server =
          ForkedServer.builder(UndertowEchoApp.class)
              .env("OTEL_TRACES_EXPORTER", exporter)
              .start()) {
        try (RawClient c =
            RawClient.send(
                server.port(), RawClient.upgradeRequest("HTTP/1.1", "/ws/console"), IO)) {
          c.sendClose(1000, "");
          c.readFrame();
        }
        Awaitility.await()
            .atMost(Duration.ofSeconds(15))
            .untilAsserted(
                () ->
                    assertThat(server.output())
                        .anyMatch(l -> l.startsWith("'websocket.handshake' : "))
                        .anyMatch(
                            l ->
                                l.startsWith("'websocket.close' : ") && l.contains("/ws/console")));
        // Only the exporter got louder: the agent's own lines stay the startup and family lines.
        assertThat(server.agentLines())
            .allMatch(l -> l.contains("started") || l.contains("instrumented"));
      }
    }
  }

  @Test
  void loggingOtlpIsRefusedInOneLineAndTheOtherExportersKept() throws Exception {
    try (OtlpCollector collector = new OtlpCollector();
        ForkedServer server =
            ForkedServer.builder(UndertowEchoApp.class)
                .exportTo(collector)
                .env("OTEL_TRACES_EXPORTER", "otlp,logging-otlp")
                .start()) {
      assertThat(server.agentLines())
          .filteredOn(l -> l.contains("logging-otlp"))
          .singleElement()
          .satisfies(l -> assertThat(l).contains("not in this agent").contains("with otlp"));
      assertThat(server.agentLines()).noneMatch(l -> l.contains("agent disabled"));
      Exchanges.upgradeAndHangUp(server.port(), IO, "HTTP/1.1", "/ws/kept");
      collector.awaitOne(Spans.handshake("/ws/kept"));
    }
  }

  @Test
  void anUnsupportedServerIsSaidOnceAfterAWhile() throws Exception {
    try (ForkedServer server =
        ForkedServer.builder(io.wsaudit.agent.it.apps.LoadClassApp.class)
            .env("OTEL_TRACES_EXPORTER", "none")
            .env("WSAUDIT_NO_SERVER_NOTICE_AFTER", "1s")
            .start()) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(server.agentLines())
                      .filteredOn(l -> l.contains("no supported WebSocket server seen in 1 s"))
                      .singleElement()
                      .satisfies(l -> assertThat(l).contains("undertow 2.2-2.3", "tomcat")));
    }
  }

  @Test
  void theInstrumentedLineNamesTheVersionFound() throws Exception {
    String version = io.undertow.Version.getVersionString();
    try (ForkedServer server = ForkedServer.builder(UndertowEchoApp.class).start()) {
      assertThat(server.agentLines())
          .anyMatch(l -> l.contains("instrumented undertow " + version + " with undertow 2.2-2.3"));
    }
  }
}
