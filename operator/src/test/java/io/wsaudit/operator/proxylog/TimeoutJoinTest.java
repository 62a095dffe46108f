package io.wsaudit.operator.proxylog;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.operator.otlp.ProxyObservation;
import io.wsaudit.operator.proxy.nginx.log.AccessLogEntry;
import io.wsaudit.operator.proxy.nginx.log.ErrorLogEntry;
import io.wsaudit.operator.testing.Observations;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * nginx's "upstream timed out … while proxying upgraded connection" error line marks the access
 * line of the same connection (same client, host, upstream and path, moments apart), whichever of
 * the two arrives first; the buffers are bounded.
 */
class TimeoutJoinTest {

  static final Instant END = Instant.parse("2026-12-02T05:01:00.400Z");

  final TimeoutJoin join = new TimeoutJoin(2);

  @Test
  void theErrorLineFirstMarksTheAccessLine() {
    assertThat(join.timedOut(timedOut("10.1.0.7", END.minusMillis(400)))).isEmpty();
    assertThat(join.access(access("10.1.0.7", "/ws"), proxy()).timedOut()).isTrue();
  }

  @Test
  void theAccessLineFirstIsReturnedMarkedWhenItsErrorLineComes() {
    assertThat(join.access(access("10.1.0.7", "/ws"), proxy()).timedOut()).isFalse();
    assertThat(join.timedOut(timedOut("10.1.0.7", END)))
        .hasValueSatisfying(o -> assertThat(o.timedOut()).isTrue());
  }

  @Test
  void anotherClientPathOrTimeIsAnotherConnection() {
    join.timedOut(timedOut("10.1.0.8", END));
    assertThat(join.access(access("10.1.0.7", "/ws"), proxy()).timedOut()).isFalse();
    join.timedOut(timedOut("10.1.0.9", END.minusSeconds(10)));
    assertThat(join.access(access("10.1.0.9", "/ws"), proxy()).timedOut())
        .as("ten seconds apart")
        .isFalse();
    join.timedOut(timedOut("10.1.0.5", END));
    assertThat(join.access(access("10.1.0.5", "/other"), proxy()).timedOut()).isFalse();
  }

  @Test
  void theOldestWaitingLinesAreDroppedAndCounted() {
    for (String client : List.of("10.1.0.1", "10.1.0.2", "10.1.0.3")) {
      join.timedOut(timedOut(client, END));
    }
    assertThat(join.dropped()).isEqualTo(1);
    assertThat(join.access(access("10.1.0.1", "/ws"), proxy()).timedOut()).isFalse();
    assertThat(join.access(access("10.1.0.3", "/ws"), proxy()).timedOut()).isTrue();
  }

  @Test
  void severalConnectionsOfOneClientAndPathCutTogetherAreEachJoined() {
    // Three tabs behind one NAT address on /ws, cut by one timer: each error line finds a partner.
    TimeoutJoin roomy = new TimeoutJoin(16);
    for (int i = 0; i < 3; i++) {
      assertThat(roomy.access(access("10.1.0.7", "/ws"), proxy()).timedOut()).isFalse();
    }
    for (int i = 0; i < 3; i++) {
      assertThat(roomy.timedOut(timedOut("10.1.0.7", END))).as("error line %d", i).isPresent();
    }
    assertThat(roomy.timedOut(timedOut("10.1.0.7", END))).as("a fourth has none").isEmpty();
    assertThat(roomy.access(access("10.1.0.7", "/ws"), proxy()).timedOut())
        .as("the fourth error line waited for this one")
        .isTrue();
    assertThat(roomy.access(access("10.1.0.7", "/ws"), proxy()).timedOut()).isFalse();
    assertThat(roomy.dropped()).isZero();
  }

  @Test
  void theErrorLinesUpstreamUrlAndRequestLineAreReadLikeTheAccessLinesFields() {
    assertThat(TimeoutJoin.upstreamAddr("http://10.0.9.1:8080/ws?room=1"))
        .isEqualTo("10.0.9.1:8080");
    assertThat(TimeoutJoin.requestPath("GET /ws?room=1 HTTP/1.1")).isEqualTo("/ws");
    assertThat(TimeoutJoin.requestPath("garbage")).isNull();
  }

  private static ErrorLogEntry timedOut(String client, Instant at) {
    return new ErrorLogEntry(
        at,
        "error",
        42L,
        "upstream timed out (110: Connection timed out) while proxying upgraded connection",
        client,
        "chat.example.com",
        "GET /ws?room=1 HTTP/1.1",
        "http://10.0.9.1:8080/ws?room=1",
        "chat.example.com");
  }

  private static AccessLogEntry access(String client, String path) {
    return new AccessLogEntry(
        END,
        client,
        "GET",
        path,
        "HTTP/1.1",
        "chat.example.com",
        101,
        60_001L,
        "shop-chat-80",
        List.of("10.0.9.1:8080"),
        101,
        60_001L,
        "req-1",
        "websocket",
        "upgrade");
  }

  private static ProxyObservation proxy() {
    return Observations.proxy("req-1", 101, 60_001L, true, END);
  }
}
