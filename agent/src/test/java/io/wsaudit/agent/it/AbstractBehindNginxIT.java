package io.wsaudit.agent.it;

import static io.wsaudit.agent.it.SpanAsserts.assertCloseSays;
import static io.wsaudit.agent.it.SpanAsserts.closeOf;
import static io.wsaudit.agent.it.SpanAsserts.handshakeWithRid;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.ws.RawClient;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/**
 * The nginx ITs' shared part: a subclass starts its {@link BehindNginx} world in its own
 * {@code @BeforeAll}; this closes it. The scenarios of observed.md that more than one family runs
 * behind nginx are bodies here, each family calling them with its proxy and echo path.
 */
abstract class AbstractBehindNginxIT {

  static final Duration IO = Duration.ofSeconds(10);

  static BehindNginx world;
  static OtlpCollector collector;

  /** Sets the world (and its collector) that this class closes after the subclass's tests. */
  static void use(BehindNginx started) {
    world = started;
    collector = started.collector;
  }

  @AfterAll
  static void closeWorld() {
    if (world != null) {
      world.close();
      world = null;
    }
  }

  static String rid() {
    return UUID.randomUUID().toString();
  }

  /** An HTTP/1.1 upgrade through nginx's {@code port} carrying {@code X-Request-ID: rid}. */
  static RawClient upgrade(int port, String pathAndQuery, String rid) throws IOException {
    return RawClient.upgrade(port, "HTTP/1.1", pathAndQuery, rid, IO);
  }

  /**
   * Scenario B: an upgrade through {@code port}, an echo, the connection still open 1.2 s later, a
   * client close answered; returns the handshake span for what the family checks of it.
   */
  static ReceivedSpan echoAndStayOpen(int port, String path) throws IOException {
    String rid = rid();
    try (RawClient c = upgrade(port, path, rid)) {
      assertThat(c.status()).isEqualTo(101);
      c.sendText("via nginx");
      assertThat(c.readFrame().text()).isEqualTo("via nginx");
      assertThat(c.serverClosesWithin(Duration.ofMillis(1200))).isFalse();
      c.sendClose(1000, "done");
      assertThat(c.readFrame().opcode).isEqualTo(8);
    }
    return handshakeWithRid(collector, rid);
  }

  /**
   * Scenario D: nginx's {@code proxy_read_timeout} ends an idle connection with FINs and no close
   * frame, which the backend sees as EOF.
   */
  static void assertProxyReadTimeoutIsEof(NginxProxy proxy, String path) throws IOException {
    String rid = rid();
    try (RawClient c = upgrade(proxy.shortTimeoutPort(), path, rid)) {
      assertThat(c.status()).isEqualTo(101);
      assertThat(c.serverClosesWithin(IO)).isTrue();
    }
    assertCloseSays(
        closeOf(collector, handshakeWithRid(collector, rid)),
        1006L,
        Initiator.TRANSPORT,
        Cause.EOF);
  }

  /**
   * Scenario G: the server closes with 4000 through nginx, which tears down both legs on the first
   * close frame (so the server's API may report 1006); the span has what the server put on the
   * wire.
   */
  static void assertServerCloseIsTheServers4000(NginxProxy proxy, String path) throws IOException {
    String rid = rid();
    try (RawClient c =
        upgrade(
            proxy.http11Port(), path + "?close_after_ms=300&code=4000&reason=server-bye", rid)) {
      assertThat(c.status()).isEqualTo(101);
      assertThat(c.readFrame().closeCode()).isEqualTo(4000);
      try {
        c.sendClose(4000, "");
        assertThat(c.serverClosesWithin(IO)).isTrue();
      } catch (IOException alreadyGone) {
        // nginx may have closed the client leg already
      }
    }
    assertCloseSays(
            closeOf(collector, handshakeWithRid(collector, rid)),
            4000L,
            Initiator.SERVER,
            Cause.APPLICATION)
        .containsEntry(WsAuditSpans.CLOSE_REASON, "server-bye");
  }
}
