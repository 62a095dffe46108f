package io.wsaudit.agent.telemetry;

import io.wsaudit.agent.bootstrap.ConnectionSlot;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a family keeps each connection's {@link FrameActivity} (its record) beside its server's
 * connection object (a channel, a session, an endpoint), for the per-frame hooks: a lookup is
 * lock-free and allocates nothing.
 *
 * <p>A connection object whose class the agent gave a field ({@link ConnectionSlot}, added as the
 * class was first loaded) holds its record itself, which costs no map entry. Any other goes in a
 * map by identity; its keys must keep {@code Object}'s {@code equals}/{@code hashCode} (the
 * servers' channel and session classes do). {@link #inField()} and {@link #inMap()} count which way
 * the records went.
 *
 * <p>Entries are removed by the family when its connection is gone. Should a family miss that, the
 * map is bounded like the registry: past its limit, entries whose connection the registry no longer
 * tracks are dropped.
 */
public final class FrameActivities {

  private final ConcurrentHashMap<Object, FrameActivity> byConnection = new ConcurrentHashMap<>();
  private final int limit;
  private final AtomicLong inField = new AtomicLong();
  private final AtomicLong inMap = new AtomicLong();

  FrameActivities(int limit) {
    this.limit = limit;
  }

  /** Remembers {@code activity} for {@code connection}; nothing when {@code activity} is null. */
  public void put(Object connection, FrameActivity activity) {
    if (connection == null || activity == null) {
      return;
    }
    if (connection instanceof ConnectionSlot) {
      ((ConnectionSlot) connection).wsaudit$connection(activity);
      inField.incrementAndGet();
      return;
    }
    inMap.incrementAndGet();
    byConnection.put(connection, activity);
    if (byConnection.size() > limit) {
      byConnection.values().removeIf(FrameActivity::isForgotten);
    }
  }

  /** The connection's activity, or null when it is not a tracked connection. */
  public FrameActivity get(Object connection) {
    if (connection instanceof ConnectionSlot) {
      Object record = ((ConnectionSlot) connection).wsaudit$connection();
      return record instanceof FrameActivity ? (FrameActivity) record : null;
    }
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
    if (connection instanceof ConnectionSlot) {
      ((ConnectionSlot) connection).wsaudit$connection(null);
      return;
    }
    if (connection != null) {
      byConnection.remove(connection);
    }
  }

  /** Records in the map (not those in fields). */
  int size() {
    return byConnection.size();
  }

  /** How many records went into a field of their connection object. */
  public long inField() {
    return inField.get();
  }

  /** How many records went into the map (the connection object's class has no field). */
  public long inMap() {
    return inMap.get();
  }
}
