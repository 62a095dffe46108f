package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.agent.it.apps.JavaWebSocketEchoApp;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.otlp.Spans;
import io.wsaudit.testkit.ws.RawClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The idle evidence on {@code websocket.close} (issue 14), per server family: how long before the
 * close the server last received and last sent a frame, and whether it sent pings. What a proxy's
 * read timeout looks like (a connection quiet for a while, then cut without a close frame) must
 * show as a long {@code received_ms}; a client that keeps pinging, as a short one.
 */
class IdleEvidenceIT {

  private static final Duration IO = Duration.ofSeconds(5);
  private static final String PATH = "/ws";
  private static final long QUIET_MS = 1500;
  private static final int PINGS = 8;
  private static final long PING_EVERY_MS = 200;

  @ParameterizedTest
  @MethodSource("io.wsaudit.agent.it.FiveFamilies#apps")
  void aQuietConnectionAndAPingingOneEndWithTheirIdleTimes(Class<?> app) throws Exception {
    try (OtlpCollector collector = new OtlpCollector();
        ForkedServer server = ForkedServer.builder(app).exportTo(collector).start()) {
      RawClient quiet = upgrade(server);
      RawClient pinging = upgrade(server);
      quiet.sendText("one message, then nothing");
      assertThat(quiet.readFrame().text()).isEqualTo("one message, then nothing");
      long quietSince = System.nanoTime();

      // The pinging client keeps its connection busy while the other one stays quiet.
      for (int i = 0; i < PINGS; i++) {
        Thread.sleep(PING_EVERY_MS); // the pace of a keep-alive, not synchronisation
        pinging.sendPing("keep-alive " + i);
        assertThat(pong(pinging, server)).as("the server's pong").isEqualTo(0xA);
      }
      while (System.nanoTime() - quietSince < QUIET_MS * 1_000_000L) {
        Thread.sleep(10);
      }
      long quietMillis = (System.nanoTime() - quietSince) / 1_000_000L;
      int quietPort = quiet.localPort();
      int pingingPort = pinging.localPort();
      // Cut without a close frame, as a proxy's timeout does.
      quiet.abort();
      pinging.abort();

      ReceivedSpan quietClose = closeOf(collector, quietPort);
      long received = (Long) quietClose.attr(WsAuditSpans.IDLE_RECEIVED_MS);
      long sent = (Long) quietClose.attr(WsAuditSpans.IDLE_SENT_MS);
      assertThat(received).as("quiet: received_ms").isBetween(quietMillis - 50, quietMillis + 1500);
      // The echo went out just after the message came in.
      assertThat(sent).as("quiet: sent_ms").isBetween(received - 300, received + 50);
      assertThat(quietClose.attr(WsAuditSpans.PING_SENT)).isEqualTo(false);

      ReceivedSpan pingingClose = closeOf(collector, pingingPort);
      assertThat((Long) pingingClose.attr(WsAuditSpans.IDLE_RECEIVED_MS))
          .as("pinging: received_ms")
          .isLessThan(QUIET_MS / 3);
      assertThat((Long) pingingClose.attr(WsAuditSpans.IDLE_SENT_MS))
          .as("pinging: sent_ms (the pongs)")
          .isLessThan(QUIET_MS / 3);
      assertThat(pingingClose.attr(WsAuditSpans.PING_SENT))
          .as("pongs are not pings")
          .isEqualTo(false);
    }
  }

  /**
   * Of the five echo apps only Java-WebSocket's can make the server ping: its lost-connection check
   * pings every interval.
   */
  @Test
  void aServerThatPingsSaysSo() throws Exception {
    try (OtlpCollector collector = new OtlpCollector();
        ForkedServer server =
            ForkedServer.builder(JavaWebSocketEchoApp.class)
                .exportTo(collector)
                .jvmArg("-Dapp.lostTimeoutSeconds=1")
                .start()) {
      RawClient client = upgrade(server);
      RawClient.Frame ping = client.readFrame(); // within about a second
      assertThat(ping.opcode).isEqualTo(0x9);
      client.sendPong(ping.payload);
      int port = client.localPort();
      client.abort();

      ReceivedSpan close = closeOf(collector, port);
      assertThat(close.attr(WsAuditSpans.PING_SENT)).isEqualTo(true);
      assertThat((Long) close.attr(WsAuditSpans.IDLE_SENT_MS)).isLessThan(1000);
      assertThat((Long) close.attr(WsAuditSpans.IDLE_RECEIVED_MS)).isLessThan(1000);
    }
  }

  private static int pong(RawClient client, ForkedServer server) {
    try {
      return client.readFrame().opcode;
    } catch (java.io.IOException e) {
      throw new AssertionError(
          "no pong (" + e + "); server output:\n" + String.join("\n", server.output()), e);
    }
  }

  private static RawClient upgrade(ForkedServer server) throws Exception {
    RawClient c = RawClient.send(server.port(), RawClient.upgradeRequest("HTTP/1.1", PATH), IO);
    assertThat(c.status()).isEqualTo(101);
    return c;
  }

  private static ReceivedSpan closeOf(OtlpCollector collector, int clientPort) {
    ReceivedSpan handshake = collector.awaitOne(Spans.handshakeFromPort(clientPort));
    return collector.awaitOne(Spans.closeOf(handshake));
  }
}
