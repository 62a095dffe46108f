package io.wsaudit.agent.it;

import static io.wsaudit.agent.it.NettyAgentIT.T;
import static io.wsaudit.agent.it.NettyAgentIT.closeOf;
import static io.wsaudit.agent.it.NettyAgentIT.echoAndClientClose;
import static io.wsaudit.agent.it.NettyAgentIT.handshake;
import static io.wsaudit.agent.it.SpanAsserts.assertCloseSays;
import static io.wsaudit.agent.it.SpanAsserts.assertRejected;
import static io.wsaudit.agent.it.SpanAsserts.assertUpgraded;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.agent.it.apps.WebFluxEchoApp;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.ws.RawClient;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spring WebFlux on Reactor Netty 1.3: the handshake span ends and is exported (the OpenTelemetry
 * Java agent loses it, its issue #20217), the close span follows, and {@code websocket.server}
 * names Reactor Netty. The netty family's hooks serve Reactor Netty unchanged: it drives Netty's
 * own handshaker, encoder and decoder.
 */
class NettyWebFluxIT {

  @Test
  void webFluxHandshakeAndCloseSpansAreExported() throws IOException {
    try (OtlpCollector c = new OtlpCollector();
        ForkedServer s = ForkedServer.builder(WebFluxEchoApp.class).exportTo(c).start()) {
      for (String version : List.of("HTTP/1.1", "HTTP/1.0")) {
        String path = "/ws/flux-" + version.substring(5);
        try (RawClient ws = Exchanges.open(s.port(), T, version, path + "?q=1")) {
          assertThat(ws.statusLine).startsWith("HTTP/1.1 101");
          echoAndClientClose(ws);
        }
        ReceivedSpan h = handshake(c, path);
        assertUpgraded(h, version.substring(5))
            .containsEntry(WsAuditSpans.KEEP_ALIVE, true)
            .containsEntry(WsAuditSpans.SERVER, "reactor-netty-1.3")
            .containsEntry(WsAuditSpans.NETWORK_PEER_ADDRESS, "127.0.0.1")
            .containsEntry(WsAuditSpans.NETWORK_LOCAL_PORT, (long) s.port());
        ReceivedSpan close = closeOf(c, h);
        assertThat(close.parentSpanId()).isEqualTo(h.spanId());
        assertCloseSays(close, 1000L, Initiator.CLIENT, Cause.CLIENT)
            .containsEntry(WsAuditSpans.CLOSE_REASON, "bye")
            .containsEntry(WsAuditSpans.SERVER, "reactor-netty-1.3");
      }

      try (RawClient ws =
          Exchanges.open(
              s.port(),
              T,
              "HTTP/1.1",
              "/ws/flux-close?close_after_ms=200&code=4001&reason=flux-bye")) {
        assertThat(ws.status()).isEqualTo(101);
        Exchanges.answerServerClose(ws, 4001, T);
      }
      ReceivedSpan h = handshake(c, "/ws/flux-close");
      assertCloseSays(closeOf(c, h), 4001L, Initiator.SERVER, Cause.APPLICATION)
          .containsEntry(WsAuditSpans.CLOSE_REASON, "flux-bye");

      RawClient dropped = Exchanges.open(s.port(), T, "HTTP/1.1", "/ws/flux-abort");
      assertThat(dropped.status()).isEqualTo(101);
      dropped.abort();
      h = handshake(c, "/ws/flux-abort");
      assertCloseSays(closeOf(c, h), 1006L, Initiator.TRANSPORT);

      // Reactor Netty asks Netty's factory for a handshaker; none for version 99, so Netty's 426.
      try (RawClient r =
          Exchanges.open(
              s.port(), T, "HTTP/1.1", "/ws/flux-version", "Sec-WebSocket-Version: 99")) {
        assertThat(r.status()).isEqualTo(426);
      }
      assertThat(handshake(c, "/ws/flux-version").attributes)
          .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, Rejection.BAD_VERSION)
          .containsEntry(WsAuditSpans.SERVER, "reactor-netty-1.3");

      // Spring refuses a missing Upgrade itself (400) before Reactor Netty or Netty see a WebSocket
      // request.
      try (RawClient r =
          Exchanges.open(s.port(), T, "HTTP/1.1", "/ws/flux-no-upgrade", "Upgrade:")) {
        assertThat(r.status()).isEqualTo(400);
      }
      assertRejected(handshake(c, "/ws/flux-no-upgrade"), 400L, Rejection.MISSING_UPGRADE)
          .containsEntry(WsAuditSpans.SERVER, "spring-webflux-7.0");
      // A proxy that replaced Connection: upgrade (one of the README's three failures).
      try (RawClient r =
          Exchanges.open(
              s.port(), T, "HTTP/1.1", "/ws/flux-no-connection", "Connection: keep-alive")) {
        assertThat(r.status()).isEqualTo(400);
      }
      assertRejected(
          handshake(c, "/ws/flux-no-connection"), 400L, Rejection.MISSING_CONNECTION_UPGRADE);
      assertThat(s.agentLines())
          .anyMatch(l -> l.contains("instrumented webflux"))
          .anyMatch(l -> l.contains("instrumented netty"))
          .noneMatch(l -> l.contains("skipped"));
    }
  }
}
