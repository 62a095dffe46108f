package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameActivitiesTest {

  private static final long LONG_AGO = System.nanoTime() - 60_000_000_000L;

  private static FrameActivity activity() {
    return new FrameActivity(LONG_AGO) {
      @Override
      public long connectionKey() {
        return 42;
      }
    };
  }

  @Test
  void framesReachTheActivityOfTheirConnectionOnly() {
    FrameActivities map = new FrameActivities(10);
    Object channel = new Object();
    Object other = new Object();
    FrameActivity activity = activity();
    map.put(channel, activity);

    map.received(channel);
    map.pingSent(other); // not tracked: nothing happens
    map.received(null);

    long now = System.nanoTime();
    assertThat(activity.receivedIdleMillis(now)).isLessThan(1000);
    assertThat(activity.sentIdleMillis(now)).isGreaterThan(50_000);
    assertThat(activity.hasSentPing()).isFalse();

    map.pingSent(channel);
    assertThat(activity.hasSentPing()).isTrue();

    map.remove(channel);
    assertThat(map.get(channel)).isNull();
  }

  @Test
  void nullActivitiesAreNotKept() {
    FrameActivities map = new FrameActivities(10);
    map.put(new Object(), null);
    assertThat(map.size()).isZero();
  }

  @Test
  void missedRemovalsAreBoundedByWhatTheRegistryStillTracks() {
    FrameActivities map = new FrameActivities(100);
    FrameActivity live = activity();
    Object liveConnection = new Object();
    map.put(liveConnection, live);
    for (int i = 0; i < 10_000; i++) {
      FrameActivity gone = activity();
      map.put(new Object(), gone);
      gone.forget(); // its close span went out, but the family never removed it
    }
    assertThat(map.size()).isLessThanOrEqualTo(101);
    assertThat(map.get(liveConnection)).isSameAs(live);
  }
}
