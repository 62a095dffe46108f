package io.wsaudit.agent.telemetry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * When a connection last received and last sent a frame (data, ping, pong, continuation; the server
 * families never report close frames here), and whether the server sent a ping: the idle evidence
 * of the close span.
 *
 * <p>Families call {@link #received()} and {@link #sent()} on the message path, so each is one read
 * of the {@link CoarseClock} (a volatile load, not a {@code System.nanoTime()}) and one opaque
 * store: no lock, no allocation, no fence. Opaque is enough: the close span only needs a recent
 * value, not ordering with other writes, and a 64-bit opaque store is never torn. The stored times
 * lag the frames by up to a tick, so idle times are at worst a tick (10 ms) too long.
 */
public abstract class FrameActivity {

  private static final VarHandle RECEIVED;
  private static final VarHandle SENT;
  private static final VarHandle PING_SENT;
  private static final VarHandle FORGOTTEN;
  private static final VarHandle SERVER_STOPPING;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      RECEIVED = lookup.findVarHandle(FrameActivity.class, "lastReceivedNanos", long.class);
      SENT = lookup.findVarHandle(FrameActivity.class, "lastSentNanos", long.class);
      PING_SENT = lookup.findVarHandle(FrameActivity.class, "pingSent", boolean.class);
      FORGOTTEN = lookup.findVarHandle(FrameActivity.class, "forgotten", boolean.class);
      SERVER_STOPPING = lookup.findVarHandle(FrameActivity.class, "serverStopping", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // through RECEIVED
  private long lastReceivedNanos;

  @SuppressWarnings("unused") // through SENT
  private long lastSentNanos;

  @SuppressWarnings("unused") // through PING_SENT
  private boolean pingSent;

  @SuppressWarnings("unused") // through FORGOTTEN
  private boolean forgotten;

  @SuppressWarnings("unused") // through SERVER_STOPPING
  private boolean serverStopping;

  /** The 101, on {@code System.nanoTime()}. */
  final long openedNanoTime;

  /** Both clocks start at the 101: a connection that never saw a frame is idle since then. */
  FrameActivity(long openedNanoTime) {
    this.openedNanoTime = openedNanoTime;
    lastReceivedNanos = openedNanoTime;
    lastSentNanos = openedNanoTime;
  }

  /**
   * The key of the connection ({@link ConnectionKey}): what a family passes to telemetry when it
   * keeps this record, not the key, beside its connection object.
   */
  public abstract long connectionKey();

  /**
   * The connection's server started to stop: a family that cannot tell its transport failures from
   * the shutdown's marks them here (one byte in the object's padding, no holder of its own).
   */
  public final void serverStopping() {
    SERVER_STOPPING.setOpaque(this, true);
  }

  public final boolean isServerStopping() {
    return (boolean) SERVER_STOPPING.getOpaque(this);
  }

  /** The server received a frame other than a close frame. */
  public final void received() {
    RECEIVED.setOpaque(this, CoarseClock.SHARED.nanoTime());
  }

  /** The server sent a frame other than a close frame and a ping. */
  public final void sent() {
    SENT.setOpaque(this, CoarseClock.SHARED.nanoTime());
  }

  /** The server sent a ping; the flag is written once. */
  public final void pingSent() {
    sent();
    if (!(boolean) PING_SENT.getOpaque(this)) {
      PING_SENT.setOpaque(this, true);
    }
  }

  /** Milliseconds from the last frame received to {@code atNanoTime}; never negative. */
  final long receivedIdleMillis(long atNanoTime) {
    return idleMillis((long) RECEIVED.getOpaque(this), openedNanoTime, atNanoTime);
  }

  /** Milliseconds from the last frame sent to {@code atNanoTime}; never negative. */
  final long sentIdleMillis(long atNanoTime) {
    return idleMillis((long) SENT.getOpaque(this), openedNanoTime, atNanoTime);
  }

  final boolean hasSentPing() {
    return (boolean) PING_SENT.getOpaque(this);
  }

  /** The connection's close span is out (or the registry dropped it): nobody reads this anymore. */
  final boolean isForgotten() {
    return (boolean) FORGOTTEN.getOpaque(this);
  }

  final void forget() {
    FORGOTTEN.setOpaque(this, true);
  }

  /**
   * A frame noted after the close decision (the peer kept sending) counts as no idle time; one
   * stamped before the 101 (the coarse clock lags) as at the 101, so idle never exceeds duration.
   */
  private static long idleMillis(long lastNanos, long openedNanoTime, long atNanoTime) {
    return Math.max(0, atNanoTime - Math.max(lastNanos, openedNanoTime)) / 1_000_000L;
  }
}
