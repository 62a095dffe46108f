package io.wsaudit.agent.it;

import static io.wsaudit.agent.it.NettyAgentIT.T;
import static io.wsaudit.agent.it.NettyAgentIT.closeOf;
import static io.wsaudit.agent.it.NettyAgentIT.echoAndClientClose;
import static io.wsaudit.agent.it.NettyAgentIT.handshake;
import static io.wsaudit.agent.it.SpanAsserts.assertClose;
import static io.wsaudit.agent.it.SpanAsserts.assertRejected;
import static io.wsaudit.agent.it.SpanAsserts.assertUpgraded;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.agent.it.apps.Netty41Launcher;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Outcome;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.ws.RawClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The same application on Netty 4.1.136 and 4.1.137 (jars copied to {@code target/netty-4.1.136}
 * and {@code target/netty-4.1} by the build), and plain Reactor Netty 1.2.18 on 4.1.137: the advice
 * matches and the spans say {@code netty-4.1} / {@code reactor-netty-1.2}.
 */
class NettyV41AgentIT {

  /**
   * 4.1.136: the handshake goes through handshake(Channel, …); 4.1.137: through the private
   * handshake0.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"target/netty-4.1.136", "target/netty-4.1"})
  void netty41UpgradeCloseAndRejections(String dir) throws IOException {
    Path jars = Path.of(dir).toAbsolutePath();
    Assumptions.assumeTrue(Files.isDirectory(jars), "Netty 4.1 jars not copied");
    try (OtlpCollector c = new OtlpCollector();
        ForkedServer s =
            ForkedServer.builder(Netty41Launcher.class)
                .exportTo(c)
                .jvmArg("-Dnetty.jars=" + jars)
                .start()) {
      for (String version : List.of("HTTP/1.1", "HTTP/1.0")) {
        for (String base : List.of("/ws/v41-", "/raw/v41-")) {
          String path = base + version.substring(5);
          try (RawClient ws = Exchanges.open(s.port(), T, version, path)) {
            assertThat(ws.statusLine).startsWith("HTTP/1.1 101");
            echoAndClientClose(ws);
          }
          ReceivedSpan h = handshake(c, path);
          assertUpgraded(h, version.substring(5))
              .containsEntry(WsAuditSpans.KEEP_ALIVE, true)
              .containsEntry(WsAuditSpans.SERVER, "netty-4.1");
          assertClose(closeOf(c, h), h, 1000, "bye", Initiator.CLIENT, Cause.CLIENT);
        }
      }
      try (RawClient ws =
          Exchanges.open(
              s.port(),
              T,
              "HTTP/1.1",
              "/ws/v41-close?close_after_ms=100&code=4000&reason=server-bye")) {
        Exchanges.answerServerClose(ws, 4000, T);
      }
      ReceivedSpan h = handshake(c, "/ws/v41-close");
      assertClose(closeOf(c, h), h, 4000, "server-bye", Initiator.SERVER, Cause.APPLICATION);

      RawClient dropped = Exchanges.open(s.port(), T, "HTTP/1.1", "/ws/v41-abort");
      dropped.abort();
      h = handshake(c, "/ws/v41-abort");
      assertClose(closeOf(c, h), h, 1006, null, Initiator.TRANSPORT, Cause.IO_ERROR);

      try (RawClient r =
          Exchanges.open(s.port(), T, "HTTP/1.1", "/ws/v41-no-upgrade", "Upgrade:")) {
        assertThat(r.status()).isEqualTo(400);
      }
      assertRejected(handshake(c, "/ws/v41-no-upgrade"), 400L, Rejection.MISSING_UPGRADE);
      for (String path : List.of("/ws/v41-version", "/raw/v41-version")) {
        try (RawClient r =
            Exchanges.open(s.port(), T, "HTTP/1.1", path, "Sec-WebSocket-Version: 99")) {
          assertThat(r.status()).isEqualTo(426);
        }
        assertRejected(handshake(c, path), 426L, Rejection.BAD_VERSION);
      }
      assertThat(s.agentLines())
          .anyMatch(l -> l.contains("instrumented netty"))
          .noneMatch(l -> l.contains("skipped"));
    }
  }

  /**
   * Plain Reactor Netty 1.2.18 on Netty 4.1.137; the same app on the class path's Reactor Netty
   * 1.3.
   */
  @Test
  void reactorNetty12And13() throws IOException {
    Path netty41 =
        Path.of(System.getProperty("wsaudit.netty41.dir", "target/netty-4.1")).toAbsolutePath();
    Path reactor12 = Path.of("target/reactor-netty-1.2").toAbsolutePath();
    Assumptions.assumeTrue(
        Files.isDirectory(netty41) && Files.isDirectory(reactor12), "jars not copied");
    for (String expected : List.of("reactor-netty-1.2", "reactor-netty-1.3")) {
      ForkedServer.Builder b =
          expected.endsWith("1.2")
              ? ForkedServer.builder(Netty41Launcher.class)
                  .jvmArg("-Dnetty.jars=" + netty41 + java.io.File.pathSeparator + reactor12)
                  .jvmArg(
                      "-Dapp.main=" + io.wsaudit.agent.it.apps.ReactorNettyEchoApp.class.getName())
              : ForkedServer.builder(io.wsaudit.agent.it.apps.ReactorNettyEchoApp.class);
      try (OtlpCollector c = new OtlpCollector();
          ForkedServer s = b.exportTo(c).start()) {
        try (RawClient ws = Exchanges.open(s.port(), T, "HTTP/1.0", "/ws")) {
          assertThat(ws.statusLine).startsWith("HTTP/1.1 101");
          echoAndClientClose(ws);
        }
        ReceivedSpan h = handshake(c, "/ws");
        assertThat(h.attributes)
            .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.UPGRADED)
            .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, "1.0")
            .containsEntry(WsAuditSpans.KEEP_ALIVE, true)
            .containsEntry(WsAuditSpans.SERVER, expected);
        assertClose(closeOf(c, h), h, 1000, "bye", Initiator.CLIENT, Cause.CLIENT);

        try (RawClient ws = Exchanges.open(s.port(), T, "HTTP/1.1", "/ws-close")) {
          Exchanges.answerServerClose(ws, 4000, T);
        }
        h = handshake(c, "/ws-close");
        assertClose(closeOf(c, h), h, 4000, "server-bye", Initiator.SERVER, Cause.APPLICATION);

        try (RawClient ws = Exchanges.open(s.port(), T, "HTTP/1.1", "/ws-idle")) {
          assertThat(ws.readFrame().closeCode()).isEqualTo(1001);
        }
        h = handshake(c, "/ws-idle");
        assertClose(closeOf(c, h), h, 1001, "idle", Initiator.SERVER, Cause.IDLE_TIMEOUT);
        assertThat(s.agentLines())
            .anyMatch(l -> l.contains("instrumented netty"))
            .noneMatch(l -> l.contains("skipped"));
      }
    }
  }
}
