package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.testkit.apps.jetty.JettyEchoApp;
import io.wsaudit.testkit.apps.netty.NettyEchoApp;
import io.wsaudit.testkit.apps.tomcat.TomcatEchoApp;
import io.wsaudit.testkit.apps.undertow.UndertowEchoApp;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.otlp.Spans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent jar as an extension of the OpenTelemetry Java agent 2.31.0 ({@code
 * -Dotel.javaagent.extensions}, or {@code OTEL_JAVAAGENT_EXTENSIONS}), the OpenTelemetry agent the
 * only {@code -javaagent}: our spans arrive through its exporter, with its resource, as children of
 * its HTTP server span of the upgrade request; none of our SDK or API classes is loaded; the server
 * answers as with no agent at all.
 *
 * <p>Undertow: the close span is not awaited: beside the OpenTelemetry agent it comes only when the
 * server stops, as in {@link OtelAgentOrderIT} (docs/agent.md).
 */
class OtelExtensionIT {

  static Stream<Arguments> servers() {
    return Stream.of(
        Arguments.of(UndertowEchoApp.class, "undertow", true, false),
        Arguments.of(JettyEchoApp.class, "jetty", false, true),
        Arguments.of(TomcatEchoApp.class, "tomcat", true, true),
        Arguments.of(NettyEchoApp.class, "netty", false, true));
  }

  @ParameterizedTest(name = "{1}, by system property: {2}")
  @MethodSource("servers")
  void spansGoThroughTheOtelAgentAsChildrenOfItsServerSpan(
      Class<?> app, String family, boolean byProperty, boolean closeSpan, @TempDir Path tmp)
      throws Exception {
    Map<String, String> without =
        OtelAgentOrderIT.BASELINE.computeIfAbsent(app, OtelAgentOrderIT::answersWithoutAgent);
    Path classLog = tmp.resolve("classes.log");
    try (OtlpCollector collector = new OtlpCollector();
        ForkedServer server =
            extensionOf(ForkedServer.builder(app), byProperty)
                .jvmArg("-Xlog:class+load=info:file=" + classLog)
                .exportTo(collector)
                .start()) {
      try {
        check(collector, server, family, closeSpan, without, classLog);
      } catch (AssertionError | RuntimeException e) {
        throw ServerFailure.of(
            e,
            server,
            collector,
            s ->
                s.scope
                    + " "
                    + s.span.getKind()
                    + " "
                    + s.name()
                    + " "
                    + s.traceId()
                    + "/"
                    + s.spanId()
                    + " parent "
                    + s.parentSpanId());
      }
    }
  }

  /** The OpenTelemetry agent as the only {@code -javaagent}, ours as its extension. */
  static ForkedServer.Builder extensionOf(ForkedServer.Builder builder, boolean byProperty) {
    builder
        .withoutAgent()
        .jvmArg("-javaagent:" + OtelAgentOrderIT.otelAgentJar())
        .env("OTEL_METRICS_EXPORTER", "none")
        .env("OTEL_LOGS_EXPORTER", "none");
    String ours = ForkedServer.agentJar().toAbsolutePath().toString();
    return byProperty
        ? builder.jvmArg("-Dotel.javaagent.extensions=" + ours)
        : builder.env("OTEL_JAVAAGENT_EXTENSIONS", ours);
  }

  private static void check(
      OtlpCollector collector,
      ForkedServer server,
      String family,
      boolean closeSpan,
      Map<String, String> without,
      Path classLog)
      throws Exception {
    Map<String, String> with = OtelAgentOrderIT.answers(server.port());
    ReceivedSpan handshake = OtelAgentOrderIT.echoAndClientCloseSpans(collector, server, closeSpan);
    // One SDK: the OpenTelemetry agent's resource is on our spans.
    assertThat(handshake.resource)
        .containsEntry("telemetry.distro.name", "opentelemetry-java-instrumentation")
        .containsEntry("telemetry.distro.version", "2.31.0");
    ReceivedSpan httpServer =
        collector.awaitOne(
            s ->
                !s.scope.equals(WsAuditSpans.SCOPE_NAME)
                    && s.span.getKind() == SpanKind.SPAN_KIND_SERVER
                    && s.traceId().equals(handshake.traceId()));
    assertThat(handshake.parentSpanId()).isEqualTo(httpServer.spanId());
    // Netty: the OpenTelemetry agent never ends this span after a 101 (#20217); we end it.
    assertThat(httpServer.attributes).containsEntry("http.response.status_code", 101L);
    if (closeSpan) {
      ReceivedSpan close = collector.awaitOne(Spans.closeOf(handshake));
      assertThat(close.traceId()).isEqualTo(httpServer.traceId());
      assertThat(close.parentSpanId()).isEqualTo(handshake.spanId());
    }
    assertThat(server.agentLines())
        .anyMatch(l -> l.contains("started as an OpenTelemetry Java agent extension"))
        .anyMatch(l -> l.contains("instrumented " + family))
        .noneMatch(l -> l.contains("skipped") || l.contains("disabled"));
    List<String> ours =
        Files.readAllLines(classLog).stream()
            .filter(l -> l.contains("io.wsaudit.agent.shaded.io.opentelemetry."))
            // The SDK's clock interface and its System implementation are the only exception.
            .filter(
                l ->
                    !l.matches(
                        ".* io\\.wsaudit\\.agent\\.shaded\\.io\\.opentelemetry\\.sdk\\.common\\.(System)?Clock .*"))
            .collect(Collectors.toList());
    assertThat(ours).as("our relocated OpenTelemetry API or SDK classes loaded").isEmpty();
    assertThat(Files.readAllLines(classLog))
        .as("the extension ran (sanity check of the class log)")
        .anyMatch(l -> l.contains("io.wsaudit.agent.telemetry.OtelAgentTelemetry"));
    assertThat(with).containsExactlyEntriesOf(without);
  }
}
