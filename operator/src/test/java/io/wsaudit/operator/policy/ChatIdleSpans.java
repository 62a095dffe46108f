package io.wsaudit.operator.policy;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.wsaudit.operator.testing.Cluster;
import io.wsaudit.operator.testing.WsSpans;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The agent's spans of the idle-timeout scenarios on shop/chat behind a proxy whose timer is 10 s:
 * connections it cut, then, once patched, connections that outlive the old timer.
 */
final class ChatIdleSpans {

  private ChatIdleSpans() {}

  /** Three connections of 20 s ago dropped by the proxy (1006, eof) after 10.2 s of silence. */
  static List<SpanData> cutAfterTenSeconds() {
    Duration quiet = Duration.ofMillis(10_200);
    return WsSpans.fromPod(Cluster.NS, "chat-0")
        .at(Instant.now().minusSeconds(20))
        .cutByTransport(quiet)
        .upgradedThenClosed(3, quiet.plusMillis(800));
  }

  /**
   * Since the patch: three connections quiet for 13 s, longer than the old 10 s, closed by the
   * client.
   */
  static List<SpanData> outliveTheOldTimer() {
    return WsSpans.fromPod(Cluster.NS, "chat-0")
        .at(Instant.now())
        .closedByClient(Duration.ofSeconds(13))
        .upgradedThenClosed(3, Duration.ofSeconds(14));
  }
}
