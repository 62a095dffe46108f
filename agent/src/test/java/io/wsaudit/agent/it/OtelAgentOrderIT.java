package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Outcome;
import io.wsaudit.testkit.apps.jetty.JettyEchoApp;
import io.wsaudit.testkit.apps.netty.NettyEchoApp;
import io.wsaudit.testkit.apps.undertow.UndertowEchoApp;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.otlp.Spans;
import io.wsaudit.testkit.ws.RawClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * wsaudit beside the OpenTelemetry Java agent 2.31.0, each order of the two {@code -javaagent}s:
 * wsaudit records the handshake and the close, the OpenTelemetry agent still records its own spans,
 * and the server answers the same raw requests exactly as it does with no agent at all. (The
 * OpenTelemetry agent first used to make wsaudit skip its families: it adds interfaces without
 * class files to the server classes both agents transform.)
 *
 * <p>Undertow: the handshake only. With the OpenTelemetry agent attached (either order) the close
 * span of this test's connection on {@code UndertowEchoApp} (core handler on /ws beside a servlet +
 * JSR deployment) is only emitted when the server stops, although the client sees the close
 * handshake and the TCP close at once; not understood yet (docs/agent.md).
 */
class OtelAgentOrderIT {

  static final Duration T = Duration.ofSeconds(5);

  /** Answers without any agent, per application, taken once. */
  static final Map<Class<?>, Map<String, String>> BASELINE = new ConcurrentHashMap<>();

  static Stream<Arguments> serversAndOrders() {
    return Stream.of(
        Arguments.of(UndertowEchoApp.class, "undertow", true, false),
        Arguments.of(UndertowEchoApp.class, "undertow", false, false),
        Arguments.of(NettyEchoApp.class, "netty", true, true),
        Arguments.of(NettyEchoApp.class, "netty", false, true),
        Arguments.of(JettyEchoApp.class, "jetty", true, true),
        Arguments.of(JettyEchoApp.class, "jetty", false, true));
  }

  @ParameterizedTest(name = "{1}, OpenTelemetry agent first: {2}")
  @MethodSource("serversAndOrders")
  void bothAgentsWorkAndTheServerAnswersAsWithout(
      Class<?> app, String family, boolean otelFirst, boolean closeSpan) throws Exception {
    Map<String, String> without =
        BASELINE.computeIfAbsent(app, OtelAgentOrderIT::answersWithoutAgent);
    ForkedServer.Builder builder =
        ForkedServer.builder(app)
            .env("OTEL_METRICS_EXPORTER", "none")
            .env("OTEL_LOGS_EXPORTER", "none");
    if (otelFirst) {
      builder.javaagentBeforeOurs(otelAgentJar());
    } else {
      builder.jvmArg("-javaagent:" + otelAgentJar());
    }
    try (OtlpCollector collector = new OtlpCollector();
        ForkedServer server = builder.exportTo(collector).start()) {
      try {
        checkBothAgents(collector, server, family, closeSpan, without);
      } catch (AssertionError | RuntimeException e) {
        throw ServerFailure.of(
            e, server, collector, s -> s.scope + " " + s.name() + " " + s.attributes);
      }
    }
  }

  private static void checkBothAgents(
      OtlpCollector collector,
      ForkedServer server,
      String family,
      boolean closeSpan,
      Map<String, String> without)
      throws IOException {
    Map<String, String> with = answers(server.port());
    echoAndClientCloseSpans(collector, server, closeSpan);
    // The OpenTelemetry agent did its own work too: server spans for the plain HTTP requests.
    collector.awaitOne(s -> !s.scope.equals(WsAuditSpans.SCOPE_NAME));
    assertThat(server.output())
        .anyMatch(l -> l.contains("opentelemetry-javaagent - version: 2.31.0"));
    assertThat(server.agentLines())
        .anyMatch(l -> l.contains("instrumented " + family))
        .noneMatch(l -> l.contains("skipped"));
    assertThat(with).containsExactlyEntriesOf(without);
  }

  /**
   * Our spans of an echo and a client close on {@code /ws} beside the OpenTelemetry agent: the
   * handshake span (in our scope, upgraded), returned, and its close span where the family sends it
   * there ({@code closeSpan}).
   */
  static ReceivedSpan echoAndClientCloseSpans(
      OtlpCollector collector, ForkedServer server, boolean closeSpan) throws IOException {
    try (RawClient ws =
        RawClient.send(server.port(), RawClient.upgradeRequest("HTTP/1.1", "/ws"), T)) {
      NettyAgentIT.echoAndClientClose(ws);
      ReceivedSpan handshake = collector.awaitOne(Spans.handshakeFromPort(ws.localPort()));
      assertThat(handshake.scope).isEqualTo(WsAuditSpans.SCOPE_NAME);
      assertThat(handshake.attributes)
          .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.UPGRADED)
          .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 101L);
      if (closeSpan) {
        SpanAsserts.assertCloseSays(
            collector.awaitOne(Spans.closeOf(handshake)), 1000L, Initiator.CLIENT);
      }
      return handshake;
    }
  }

  static Map<String, String> answersWithoutAgent(Class<?> app) {
    try (ForkedServer plain = ForkedServer.builder(app).withoutAgent().start()) {
      return answers(plain.port());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> answers(int port) {
    Map<String, String> requests = new LinkedHashMap<>();
    requests.put("valid", RawClient.upgradeRequest("HTTP/1.1", "/ws"));
    requests.put("http/1.0", RawClient.upgradeRequest("HTTP/1.0", "/ws"));
    requests.put(
        "bad version", RawClient.upgradeRequest("HTTP/1.1", "/ws", "Sec-WebSocket-Version: 99"));
    requests.put("plain", "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    requests.put("not found", "GET /nothing-here HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    Map<String, String> answers = new LinkedHashMap<>();
    for (Map.Entry<String, String> request : requests.entrySet()) {
      try (RawClient c = RawClient.send(port, request.getValue(), T)) {
        answers.put(
            request.getKey(),
            c.headWithoutDate() + "closed=" + c.serverClosesWithin(Duration.ofMillis(300)));
      } catch (IOException e) {
        answers.put(request.getKey(), "failed: " + e);
      }
    }
    try {
      answers.put("close handshake", CloseHandshake.of(port, "/ws"));
    } catch (IOException e) {
      answers.put("close handshake", "failed: " + e);
    }
    return answers;
  }

  static Path otelAgentJar() {
    Path jar =
        Path.of(
            System.getProperty(
                "wsaudit.otel.javaagent.jar", "target/otel-javaagent/opentelemetry-javaagent.jar"));
    assertThat(Files.isRegularFile(jar))
        .as("OpenTelemetry agent jar " + jar + " (copied by the build)")
        .isTrue();
    return jar.toAbsolutePath();
  }
}
