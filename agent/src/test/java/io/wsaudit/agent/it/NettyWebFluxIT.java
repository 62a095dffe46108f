package io.wsaudit.agent.it;

import static io.wsaudit.agent.it.NettyAgentIT.T;
import static io.wsaudit.agent.it.NettyAgentIT.closeOf;
import static io.wsaudit.agent.it.NettyAgentIT.echoAndClientClose;
import static io.wsaudit.agent.it.NettyAgentIT.handshake;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.agent.it.apps.WebFluxEchoApp;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.contract.WsAuditSpans.Outcome;
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
        try (RawClient ws =
            RawClient.send(s.port(), RawClient.upgradeRequest(version, path + "?q=1"), T)) {
          assertThat(ws.statusLine).startsWith("HTTP/1.1 101");
          echoAndClientClose(ws);
        }
        ReceivedSpan h = handshake(c, path);
        assertThat(h.attributes)
            .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.UPGRADED)
            .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 101L)
            .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, version.substring(5))
            .containsEntry(WsAuditSpans.KEEP_ALIVE, true)
            .containsEntry(WsAuditSpans.SERVER, "reactor-netty-1.3")
            .containsEntry(WsAuditSpans.NETWORK_PEER_ADDRESS, "127.0.0.1")
            .containsEntry(WsAuditSpans.NETWORK_LOCAL_PORT, (long) s.port());
        ReceivedSpan close = closeOf(c, h);
        assertThat(close.parentSpanId()).isEqualTo(h.spanId());
        assertThat(close.attributes)
            .containsEntry(WsAuditSpans.CLOSE_CODE, 1000L)
            .containsEntry(WsAuditSpans.CLOSE_REASON, "bye")
            .containsEntry(WsAuditSpans.CLOSE_INITIATOR, Initiator.CLIENT)
            .containsEntry(WsAuditSpans.CLOSE_CAUSE, Cause.CLIENT)
            .containsEntry(WsAuditSpans.SERVER, "reactor-netty-1.3");
      }

      try (RawClient ws =
          RawClient.send(
              s.port(),
              RawClient.upgradeRequest(
                  "HTTP/1.1", "/ws/flux-close?close_after_ms=200&code=4001&reason=flux-bye"),
              T)) {
        assertThat(ws.status()).isEqualTo(101);
        RawClient.Frame close = ws.readFrame();
        assertThat(close.closeCode()).isEqualTo(4001);
        ws.sendClose(4001, "");
        assertThat(ws.serverClosesWithin(T)).isTrue();
      }
      ReceivedSpan h = handshake(c, "/ws/flux-close");
      assertThat(closeOf(c, h).attributes)
          .containsEntry(WsAuditSpans.CLOSE_CODE, 4001L)
          .containsEntry(WsAuditSpans.CLOSE_REASON, "flux-bye")
          .containsEntry(WsAuditSpans.CLOSE_INITIATOR, Initiator.SERVER)
          .containsEntry(WsAuditSpans.CLOSE_CAUSE, Cause.APPLICATION);

      RawClient dropped =
          RawClient.send(s.port(), RawClient.upgradeRequest("HTTP/1.1", "/ws/flux-abort"), T);
      assertThat(dropped.status()).isEqualTo(101);
      dropped.abort();
      h = handshake(c, "/ws/flux-abort");
      assertThat(closeOf(c, h).attributes)
          .containsEntry(WsAuditSpans.CLOSE_CODE, 1006L)
          .containsEntry(WsAuditSpans.CLOSE_INITIATOR, Initiator.TRANSPORT);

      // Reactor Netty asks Netty's factory for a handshaker; none for version 99, so Netty's 426.
      try (RawClient r =
          RawClient.send(
              s.port(),
              RawClient.upgradeRequest("HTTP/1.1", "/ws/flux-version", "Sec-WebSocket-Version: 99"),
              T)) {
        assertThat(r.status()).isEqualTo(426);
      }
      assertThat(handshake(c, "/ws/flux-version").attributes)
          .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, Rejection.BAD_VERSION)
          .containsEntry(WsAuditSpans.SERVER, "reactor-netty-1.3");

      // Spring refuses a missing Upgrade itself (400) before Reactor Netty or Netty see a WebSocket
      // request.
      try (RawClient r =
          RawClient.send(
              s.port(),
              RawClient.upgradeRequest("HTTP/1.1", "/ws/flux-no-upgrade", "Upgrade:"),
              T)) {
        assertThat(r.status()).isEqualTo(400);
      }
      assertThat(handshake(c, "/ws/flux-no-upgrade").attributes)
          .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.REJECTED)
          .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, Rejection.MISSING_UPGRADE)
          .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 400L)
          .containsEntry(WsAuditSpans.SERVER, "spring-webflux-7.0");
      // A proxy that replaced Connection: upgrade (one of the README's three failures).
      try (RawClient r =
          RawClient.send(
              s.port(),
              RawClient.upgradeRequest(
                  "HTTP/1.1", "/ws/flux-no-connection", "Connection: keep-alive"),
              T)) {
        assertThat(r.status()).isEqualTo(400);
      }
      assertThat(handshake(c, "/ws/flux-no-connection").attributes)
          .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, Rejection.MISSING_CONNECTION_UPGRADE)
          .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 400L)
          .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.REJECTED);
      assertThat(s.agentLines())
          .anyMatch(l -> l.contains("instrumented webflux"))
          .anyMatch(l -> l.contains("instrumented netty"))
          .noneMatch(l -> l.contains("skipped"));
    }
  }
}
