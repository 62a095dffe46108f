package io.wsaudit.agent.it;

import static io.wsaudit.agent.it.SpanAsserts.assertCloseSays;
import static io.wsaudit.agent.it.SpanAsserts.closeOf;
import static io.wsaudit.agent.it.SpanAsserts.handshakeFrom;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import io.wsaudit.testkit.apps.tomcat.TomcatEchoApp;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.ws.RawClient;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The same application and agent on Tomcat 10.1 jars, which the build copies to {@code
 * target/compat} (the agent compiles against Tomcat 11 only).
 */
class Tomcat101AgentIT {

  private static final String VERSION = "10.1.59";
  private static final Duration IO = Duration.ofSeconds(10);

  @Test
  void http10UpgradeAppCloseAndMissingConnectionOnTomcat101() throws IOException {
    Path compat = Path.of(System.getProperty("wsaudit.compat.dir", "target/compat"));
    List<Path> jars =
        List.of(
            compat.resolve("tomcat-embed-core-" + VERSION + ".jar"),
            compat.resolve("tomcat-embed-websocket-" + VERSION + ".jar"),
            compat.resolve("tomcat-annotations-api-" + VERSION + ".jar"));
    assertThat(jars)
        .as("the build copies Tomcat " + VERSION + " to " + compat)
        .allMatch(Files::isRegularFile);
    String tomcatJars =
        jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));

    try (OtlpCollector collector = new OtlpCollector();
        ForkedServer server =
            ForkedServer.builder(TomcatEchoApp.class)
                .exportTo(collector)
                .jvmArg("-Dtomcat.jars=" + tomcatJars)
                .start()) {
      try (RawClient ws =
          Exchanges.open(server.port(), IO, "HTTP/1.0", "/ws", "User-Agent: it101-http10")) {
        assertThat(ws.status()).isEqualTo(101);
        assertThat(ws.header("Connection")).map(String::toLowerCase).contains("upgrade", "close");
        ws.sendText("ten");
        assertThat(ws.readFrame().text()).isEqualTo("ten");
        ws.sendClose(1000, "bye");
        assertThat(ws.readFrame().closeCode()).isEqualTo(1000);
      }
      ReceivedSpan hs = handshakeFrom(collector, "it101-http10");
      assertThat(hs.attributes)
          .containsEntry(WsAuditSpans.SERVER, "tomcat-10.1")
          .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.0")
          .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 101L)
          .containsEntry(WsAuditSpans.KEEP_ALIVE, true);
      assertCloseSays(closeOf(collector, hs), 1000L, Initiator.CLIENT);

      try (RawClient ws =
          Exchanges.open(
              server.port(),
              IO,
              "HTTP/1.1",
              "/ws?close_after_ms=100&code=4001&reason=server-bye",
              "User-Agent: it101-app-close")) {
        assertThat(ws.readFrame().closeCode()).isEqualTo(4001);
        ws.sendClose(4001, "");
      }
      assertCloseSays(
              closeOf(collector, handshakeFrom(collector, "it101-app-close")),
              4001L,
              Initiator.SERVER,
              Cause.APPLICATION)
          .containsEntry(WsAuditSpans.CLOSE_REASON, "server-bye");

      try (RawClient http =
          Exchanges.open(
              server.port(),
              IO,
              "HTTP/1.1",
              "/ws",
              "Connection:",
              "User-Agent: it101-no-connection")) {
        assertThat(http.status()).isEqualTo(400);
      }
      assertThat(handshakeFrom(collector, "it101-no-connection").attributes)
          .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, Rejection.MISSING_CONNECTION_UPGRADE)
          .containsEntry(WsAuditSpans.KEEP_ALIVE, false);
      assertThat(server.agentLines())
          .anyMatch(l -> l.contains("instrumented tomcat"))
          .noneMatch(l -> l.contains("skipped"));
    }
  }
}
