package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameActivityTest {

  private static final long MS = 1_000_000L;
  // Frames store the CoarseClock's reading, a tick (plus scheduling on a loaded host) behind.
  private static final long LAG_MS = 1000;

  private static FrameActivity openedAt(long nanoTime) {
    return new FrameActivity(nanoTime) {
      @Override
      public long connectionKey() {
        return 42;
      }
    };
  }

  @Test
  void withoutFramesBothClocksRunFromThe101() {
    long opened = System.nanoTime();
    FrameActivity activity = openedAt(opened);

    assertThat(activity.receivedIdleMillis(opened + 1500 * MS)).isEqualTo(1500);
    assertThat(activity.sentIdleMillis(opened + 1500 * MS)).isEqualTo(1500);
    assertThat(activity.hasSentPing()).isFalse();
  }

  @Test
  void eachDirectionKeepsItsOwnLastFrame() {
    FrameActivity activity = openedAt(System.nanoTime() - 10_000 * MS);

    activity.received();
    long at = System.nanoTime() + 2000 * MS;

    assertThat(activity.receivedIdleMillis(at)).isBetween(2000L, 2000 + LAG_MS);
    assertThat(activity.sentIdleMillis(at)).isBetween(12_000L, 12_100L);

    activity.sent(); // after `at` was taken: a little less than 2 s before it
    assertThat(activity.sentIdleMillis(at)).isBetween(1900L, 2000 + LAG_MS);
    assertThat(activity.hasSentPing()).isFalse();
  }

  @Test
  void aPingIsASentFrameAndIsRemembered() {
    FrameActivity activity = openedAt(System.nanoTime() - 10_000 * MS);

    activity.pingSent();
    activity.sent();

    assertThat(activity.hasSentPing()).isTrue();
    assertThat(activity.sentIdleMillis(System.nanoTime())).isLessThan(100 + LAG_MS);
    assertThat(activity.receivedIdleMillis(System.nanoTime())).isGreaterThanOrEqualTo(10_000);
  }

  @Test
  void aFrameAfterTheCloseDecisionCountsAsAtMostTheClocksLag() {
    long decided = System.nanoTime();
    FrameActivity activity = openedAt(decided - 500 * MS);

    activity.received(); // the peer kept sending after the server's close frame

    assertThat(activity.receivedIdleMillis(decided)).isBetween(0L, LAG_MS);
    assertThat(activity.sentIdleMillis(decided)).isEqualTo(500);
  }

  @Test
  void aFrameStampedBeforeThe101CountsFromThe101() {
    long opened = System.nanoTime() + 500 * MS; // the clock's reading is behind the 101
    FrameActivity activity = openedAt(opened);

    activity.received();

    assertThat(activity.receivedIdleMillis(opened + 1000 * MS))
        .as("never longer than the connection")
        .isEqualTo(1000);
  }
}
