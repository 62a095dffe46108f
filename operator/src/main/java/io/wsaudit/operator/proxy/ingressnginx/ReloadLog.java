package io.wsaudit.operator.proxy.ingressnginx;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The recent reload-causing changes of one ingress-nginx controller, fed by the informers. Bounded
 * in count and age, so that a storm of Ingress updates costs a fixed amount of memory (the oldest
 * go first); {@link #dropped} says how many were forgotten that way.
 */
public final class ReloadLog {

  public static final int DEFAULT_CAPACITY = 256;

  /** As long as evidence is kept: no older reload can explain a stored close. */
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);

  private final int capacity;
  private final Duration retention;
  private final Clock clock;
  private final Deque<Reload> reloads = new ArrayDeque<>();
  private long dropped;

  public ReloadLog(int capacity, Duration retention, Clock clock) {
    this.capacity = capacity;
    this.retention = retention;
    this.clock = clock;
  }

  public ReloadLog() {
    this(DEFAULT_CAPACITY, DEFAULT_RETENTION, Clock.systemUTC());
  }

  public synchronized void record(String change, boolean byWsaudit) {
    Instant now = clock.instant();
    reloads.addLast(new Reload(now, change, byWsaudit));
    while (reloads.size() > capacity) {
      reloads.removeFirst();
      dropped++;
    }
    expire(now);
  }

  /** The reloads still retained, oldest first. */
  public synchronized List<Reload> recent() {
    expire(clock.instant());
    return List.copyOf(reloads);
  }

  public synchronized long dropped() {
    return dropped;
  }

  private void expire(Instant now) {
    Instant cutoff = now.minus(retention);
    while (!reloads.isEmpty() && reloads.peekFirst().at().isBefore(cutoff)) {
      reloads.removeFirst();
    }
  }
}
