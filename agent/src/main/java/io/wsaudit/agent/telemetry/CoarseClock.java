package io.wsaudit.agent.telemetry;

import io.wsaudit.agent.log.AgentLog;
import java.util.concurrent.ThreadFactory;

/**
 * A {@code System.nanoTime()} reading refreshed every tick (10 ms) by one daemon thread, for the
 * per-frame timestamps of {@link FrameActivity}: reading it is one volatile load, where {@code
 * System.nanoTime()} costs 20–80 ns on a loaded host. The idle evidence is about seconds to hours,
 * so a reading that lags by a tick is plenty.
 *
 * <p>The thread ticks while some {@link ConnectionRegistry} tracks a connection and for a linger
 * (50 ms) after the last one goes; then it waits without a timeout. It is created with the first
 * connection: an application without WebSockets never has it, one whose connections are all gone
 * stops waking it after the linger. The linger is there for a server that sees one connection at a
 * time, back to back: without it, every connection woke the parked thread (~15 µs of CPU each,
 * bench/README.md, "Where the time goes", 11); with it, at most 100 wake-ups a second. It is short
 * because a server with rare connections pays it in full: at most 5 more ticks per connection.
 *
 * <p>A reading of 0 means "not ticking" (stopped, failed, not started yet): {@link #nanoTime()}
 * then calls {@code System.nanoTime()}, so a reading is never stale for lack of a ticker. (A
 * genuine {@code System.nanoTime()} of 0 only costs one precise read.) Readings are never ahead of
 * {@code System.nanoTime()}: idle times computed against it are at worst a tick too long, never
 * negative.
 */
final class CoarseClock {

  static final long TICK_MILLIS = 10;

  /** Ticks to go on after the last connection, before parking: 50 ms. */
  static final int LINGER_TICKS = 5;

  /** The one clock of the agent: its registries and every {@link FrameActivity} use it. */
  static final CoarseClock SHARED =
      new CoarseClock(
          TICK_MILLIS,
          LINGER_TICKS,
          r -> {
            // Created on a server's thread: inherit none of its thread locals or class loader.
            Thread t = new Thread(null, r, "wsaudit-clock", 0, false);
            t.setDaemon(true);
            t.setContextClassLoader(null);
            return t;
          });

  private final long tickMillis;
  private final int lingerTicks;
  private final ThreadFactory threads;

  /** The last tick's {@code System.nanoTime()}, or 0 when not ticking. */
  private volatile long now;

  // Guarded by this.
  private int registriesWithConnections;
  private Thread ticker;
  private boolean parked;
  private boolean failed;
  private boolean closed;
  private int failures;

  CoarseClock(long tickMillis, int lingerTicks, ThreadFactory threads) {
    this.tickMillis = tickMillis;
    this.lingerTicks = lingerTicks;
    this.threads = threads;
  }

  /** Now, to a tick: the per-frame read, without lock or allocation. */
  long nanoTime() {
    long t = now;
    return t != 0 ? t : System.nanoTime();
  }

  /** A registry tracks its first connection (called under its lock). */
  synchronized void connectionsOpen() {
    if (registriesWithConnections++ > 0 || failed || closed) {
      return;
    }
    now = System.nanoTime(); // fresh before the connection's first frame, before any tick
    if (ticker != null) {
      if (parked) { // lingering, it is still ticking: no wake-up needed
        notifyAll();
      }
      return;
    }
    try {
      ticker = threads.newThread(this::run);
      ticker.start();
    } catch (Throwable t) { // e.g. no native thread left: frames read System.nanoTime() instead
      failed(t);
    }
  }

  /** A registry tracks no connection anymore (called under its lock). */
  synchronized void connectionsNone() {
    if (registriesWithConnections > 0 && --registriesWithConnections == 0 && ticker == null) {
      now = 0; // no ticker keeps it fresh; with one, it lingers and clears it when it parks
    }
  }

  private void run() {
    try {
      synchronized (this) {
        int idleTicks = 0;
        while (!closed && !failed) {
          try {
            idleTicks = registriesWithConnections == 0 ? idleTicks + 1 : 0;
            if (idleTicks > lingerTicks) {
              now = 0;
              parked = true;
              wait();
              parked = false;
              idleTicks = 0;
            } else {
              now = System.nanoTime();
              wait(tickMillis);
            }
          } catch (InterruptedException e) {
            // Someone else's interrupt: this thread ends only with the JVM (or close()).
          }
        }
      }
    } catch (Throwable t) {
      synchronized (this) {
        failed(t);
      }
    }
  }

  /** The ticker cannot run: readings fall back to {@code System.nanoTime()} for good. */
  private void failed(Throwable cause) {
    failed = true;
    now = 0;
    failures++;
    AgentLog.warnOnce(
        "coarse-clock",
        "frame timestamps read System.nanoTime() (the clock thread failed; the app is unaffected)",
        cause);
  }

  /** Ends the ticker thread (tests; the shared clock's lives as long as the JVM). */
  synchronized void close() {
    closed = true;
    now = 0;
    notifyAll();
  }

  synchronized boolean isTicking() {
    return now != 0;
  }

  synchronized Thread ticker() {
    return ticker;
  }

  synchronized int failures() {
    return failures;
  }
}
