package io.wsaudit.agent.telemetry;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A family's map from its server's connection object (a channel, a session) to that connection's
 * {@link FrameActivity}, for the per-frame hooks: a lookup is lock-free and allocates nothing. Keys
 * must keep {@code Object}'s identity {@code equals}/{@code hashCode} (the servers' channel and
 * session classes do).
 *
 * <p>Entries are removed by the family when its connection is gone. Should a family miss that, the
 * map is bounded like the registry: past its limit, entries whose connection the registry no longer
 * tracks are dropped.
 */
public final class FrameActivities {

  private final ConcurrentHashMap<Object, FrameActivity> byConnection = new ConcurrentHashMap<>();
  private final int limit;

  FrameActivities(int limit) {
    this.limit = limit;
  }

  /** Remembers {@code activity} for {@code connection}; nothing when {@code activity} is null. */
  public void put(Object connection, FrameActivity activity) {
    if (connection == null || activity == null) {
      return;
    }
    byConnection.put(connection, activity);
    if (byConnection.size() > limit) {
      byConnection.values().removeIf(FrameActivity::isForgotten);
    }
  }

  /** The connection's activity, or null when it is not a tracked connection. */
  public FrameActivity get(Object connection) {
    return connection == null ? null : byConnection.get(connection);
  }

  /** {@code connection} received a frame other than a close frame (nothing when not tracked). */
  public void received(Object connection) {
    FrameActivity activity = get(connection);
    if (activity != null) {
      activity.received();
    }
  }

  /** {@code connection} sent a frame other than a close frame and a ping. */
  public void sent(Object connection) {
    FrameActivity activity = get(connection);
    if (activity != null) {
      activity.sent();
    }
  }

  /** {@code connection} sent a ping. */
  public void pingSent(Object connection) {
    FrameActivity activity = get(connection);
    if (activity != null) {
      activity.pingSent();
    }
  }

  public void remove(Object connection) {
    if (connection != null) {
      byConnection.remove(connection);
    }
  }

  int size() {
    return byConnection.size();
  }
}
