package io.wsaudit.operator.correlation;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Passes "new evidence in these namespaces" on to the policy reconciler at most once per namespace
 * per {@code interval}: the first notice at once, the ones that follow within the interval as one
 * notice at its end. Every notice makes the namespace's policies re-evaluate all their evidence;
 * under a steady stream of spans (one notice per OTLP request) that kept a reconciler thread busy
 * for ~40 % of the operator's CPU in the ingestion bench (bench/README.md, "Closing the gaps:
 * operator"). The evidence that crosses a threshold is still looked at within one interval.
 */
public final class EvidenceNotices implements Consumer<Set<String>> {

  /**
   * The operator's interval: far below the threshold → patch target (1 s), long enough that a
   * steady span stream no longer keeps a reconciler busy.
   */
  public static final Duration INTERVAL = Duration.ofMillis(200);

  private final Consumer<Set<String>> listener;
  private final long intervalNanos;
  private final ScheduledExecutorService timer;
  private final LongSupplier nanoTime;
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();

  /** When the namespace's last notice went out, and whether one is waiting for its turn. */
  private static final class Slot {
    boolean sent;
    long lastSentNanos;
    boolean pending;
  }

  public EvidenceNotices(
      Consumer<Set<String>> listener, Duration interval, ScheduledExecutorService timer) {
    this(listener, interval, timer, System::nanoTime);
  }

  EvidenceNotices(
      Consumer<Set<String>> listener,
      Duration interval,
      ScheduledExecutorService timer,
      LongSupplier nanoTime) {
    this.listener = listener;
    this.intervalNanos = interval.toNanos();
    this.timer = timer;
    this.nanoTime = nanoTime;
  }

  @Override
  public void accept(Set<String> namespaces) {
    Set<String> now = new LinkedHashSet<>();
    for (String ns : namespaces) {
      Slot s = slots.computeIfAbsent(ns, k -> new Slot());
      synchronized (s) {
        if (s.pending) {
          continue;
        }
        long t = nanoTime.getAsLong();
        long wait = s.lastSentNanos + intervalNanos - t;
        if (!s.sent || wait <= 0) {
          s.sent = true;
          s.lastSentNanos = t;
          now.add(ns);
        } else {
          s.pending = true;
          timer.schedule(() -> later(ns, s), wait, TimeUnit.NANOSECONDS);
        }
      }
    }
    if (!now.isEmpty()) {
      listener.accept(now);
    }
  }

  private void later(String ns, Slot s) {
    synchronized (s) {
      s.pending = false;
      s.lastSentNanos = nanoTime.getAsLong();
    }
    listener.accept(Set.of(ns));
  }
}
