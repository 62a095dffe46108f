package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.agent.bootstrap.ConnectionSlot;
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

  /** A connection object whose class the agent gave a field. */
  private static final class SlottedChannel implements ConnectionSlot {
    private Object record;

    @Override
    public Object wsaudit$connection() {
      return record;
    }

    @Override
    public void wsaudit$connection(Object record) {
      this.record = record;
    }
  }

  @Test
  void aConnectionWithAFieldHoldsItsOwnRecordAndTheMapStaysEmpty() {
    FrameActivities records = new FrameActivities(10);
    SlottedChannel channel = new SlottedChannel();
    Object plain = new Object();
    FrameActivity activity = activity();
    FrameActivity other = activity();

    records.put(channel, activity);
    records.put(plain, other);

    assertThat(channel.record).isSameAs(activity);
    assertThat(records.size()).isEqualTo(1); // only the plain object's
    assertThat(records.inField()).isEqualTo(1);
    assertThat(records.inMap()).isEqualTo(1);
    assertThat(records.get(channel)).isSameAs(activity);
    assertThat(records.get(plain)).isSameAs(other);

    records.pingSent(channel);
    assertThat(activity.hasSentPing()).isTrue();
    assertThat(other.hasSentPing()).isFalse();

    records.remove(channel);
    assertThat(channel.record).isNull();
    assertThat(records.get(channel)).isNull();
    assertThat(records.get(plain)).isSameAs(other);
  }

  @Test
  void aFieldHoldingSomethingElseIsNoRecord() {
    FrameActivities records = new FrameActivities(10);
    SlottedChannel channel = new SlottedChannel();
    channel.wsaudit$connection("not ours");
    assertThat(records.get(channel)).isNull();
    records.received(channel); // nothing to note, nothing thrown
  }

  @Test
  void theRecordCarriesItsKeyAndWhetherItsServerIsStopping() {
    FrameActivity activity = activity();
    assertThat(activity.connectionKey()).isEqualTo(42);
    assertThat(activity.isServerStopping()).isFalse();
    activity.serverStopping();
    assertThat(activity.isServerStopping()).isTrue();
  }
}
