package io.wsaudit.agent.telemetry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The open connections the agent tracks, by connection key. Bounded: past the limit the oldest
 * entry is forgotten (and counted), so a missed close can never grow memory without end. Entries
 * are removed when the connection goes.
 *
 * <p>A hash table whose entries are the {@link OpenConnection}s themselves (chained in their
 * buckets and linked in insertion order), so that tracking a connection allocates nothing beyond
 * its record: no boxed key, no map entry. Keys are already well mixed ({@link ConnectionKey}), so
 * their low bits pick the bucket.
 */
final class ConnectionRegistry {

  private static final int INITIAL_BUCKETS = 256;

  private final int maxOpen;
  private final SpanCounters counters;
  private final CoarseClock clock;
  private OpenConnection[] buckets = new OpenConnection[INITIAL_BUCKETS];
  private int size;
  private OpenConnection oldest;
  private OpenConnection newest;

  ConnectionRegistry(int maxOpen, SpanCounters counters) {
    this(maxOpen, counters, CoarseClock.SHARED);
  }

  /** {@code clock} ticks while this registry tracks a connection (the frames' timestamps). */
  ConnectionRegistry(int maxOpen, SpanCounters counters, CoarseClock clock) {
    this.maxOpen = maxOpen;
    this.counters = counters;
    this.clock = clock;
  }

  /**
   * Tracks {@code connection}, replacing any entry with the same key, and forgets the oldest past
   * the limit; returns the entry replaced or forgotten (at most one), else null.
   */
  synchronized OpenConnection put(OpenConnection connection) {
    OpenConnection dropped = unlink(connection.key);
    int b = bucket(connection.key, buckets.length);
    connection.nextInBucket = buckets[b];
    buckets[b] = connection;
    connection.older = newest;
    connection.newer = null;
    if (newest != null) {
      newest.newer = connection;
    } else {
      oldest = connection;
    }
    newest = connection;
    if (++size == 1) {
      clock.connectionsOpen();
    }
    if (size > maxOpen) {
      dropped = unlink(oldest.key);
      counters.connectionsForgotten.incrementAndGet();
    }
    if (size > buckets.length - (buckets.length >>> 2)) {
      grow();
    }
    return dropped;
  }

  synchronized OpenConnection get(long key) {
    for (OpenConnection c = buckets[bucket(key, buckets.length)]; c != null; c = c.nextInBucket) {
      if (c.key == key) {
        return c;
      }
    }
    return null;
  }

  /**
   * Forgets {@code connection} if it is still the entry for its key (a newer connection with the
   * same key stays); true when it was.
   */
  synchronized boolean remove(OpenConnection connection) {
    OpenConnection current = get(connection.key);
    return current == connection && unlink(connection.key) != null;
  }

  synchronized int size() {
    return size;
  }

  /** The tracked connections, oldest first: a snapshot for the shutdown sequence. */
  synchronized List<OpenConnection> snapshot() {
    List<OpenConnection> all = new ArrayList<>(size);
    for (OpenConnection c = oldest; c != null; c = c.newer) {
      all.add(c);
    }
    return all;
  }

  /**
   * Waits until no connection is tracked, at most {@code timeout}; true when none is. The shutdown
   * hook waits here for the server's own hooks to close their connections.
   */
  synchronized boolean awaitEmpty(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (size > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  private OpenConnection unlink(long key) {
    int b = bucket(key, buckets.length);
    OpenConnection previous = null;
    for (OpenConnection c = buckets[b]; c != null; previous = c, c = c.nextInBucket) {
      if (c.key != key) {
        continue;
      }
      if (previous == null) {
        buckets[b] = c.nextInBucket;
      } else {
        previous.nextInBucket = c.nextInBucket;
      }
      if (c.older != null) {
        c.older.newer = c.newer;
      } else {
        oldest = c.newer;
      }
      if (c.newer != null) {
        c.newer.older = c.older;
      } else {
        newest = c.older;
      }
      c.nextInBucket = null;
      c.older = null;
      c.newer = null;
      c.forget();
      size--;
      if (size == 0) {
        // Only awaitEmpty waits on this lock; waking it once per emptying costs nothing per close.
        notifyAll();
        clock.connectionsNone();
      }
      return c;
    }
    return null;
  }

  private void grow() {
    OpenConnection[] bigger = new OpenConnection[buckets.length * 2];
    for (OpenConnection head : buckets) {
      for (OpenConnection c = head; c != null; ) {
        OpenConnection next = c.nextInBucket;
        int b = bucket(c.key, bigger.length);
        c.nextInBucket = bigger[b];
        bigger[b] = c;
        c = next;
      }
    }
    buckets = bigger;
  }

  private static int bucket(long key, int length) {
    return (int) (key ^ (key >>> 32)) & (length - 1);
  }
}
