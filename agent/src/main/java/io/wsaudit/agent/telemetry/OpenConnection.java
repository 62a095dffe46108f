package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.trace.TraceState;

/**
 * What the agent remembers about one upgraded connection until it is gone: the handshake span's
 * context (as numbers; the close span's parent is rebuilt from them), the attributes the close span
 * copies (shared strings; the server side's three in one shared {@link ServerSide}), the first
 * close frame seen on the wire, and (as a {@link FrameActivity}) when frames last went each way. It
 * is also its own entry in {@link ConnectionRegistry}, so an open connection costs this one object.
 */
final class OpenConnection extends FrameActivity {

  static final byte NOBODY = 0;
  static final byte SERVER = 1;
  static final byte CLIENT = 2;

  final long key;
  final long traceIdHigh;
  final long traceIdLow;
  final long spanId;
  final byte traceFlags;
  final TraceState traceState;
  final String path;
  final String peerAddress;
  final ServerSide side;

  // Registry links, guarded by the registry's lock: the hash bucket's chain and the insertion
  // order.
  OpenConnection nextInBucket;
  OpenConnection older;
  OpenConnection newer;

  // Null until the connection starts to close: most of an open connection's life needs none of it.
  private ClosingFacts closing;

  OpenConnection(
      long key,
      long traceIdHigh,
      long traceIdLow,
      long spanId,
      byte traceFlags,
      TraceState traceState,
      long openedNanoTime,
      String path,
      String peerAddress,
      ServerSide side) {
    super(openedNanoTime);
    this.key = key;
    this.traceIdHigh = traceIdHigh;
    this.traceIdLow = traceIdLow;
    this.spanId = spanId;
    this.traceFlags = traceFlags;
    this.traceState = traceState;
    this.path = path;
    this.peerAddress = peerAddress;
    this.side = side;
  }

  @Override
  public long connectionKey() {
    return key;
  }

  /**
   * The {@code websocket.connection.id} of a connection with this key opened at this moment: a
   * 64-bit mix of both (the key is seeded per process, so ids are not predictable from addresses),
   * distinct for any two connections that differ in either. Derived rather than stored, so an open
   * connection does not carry 8 more bytes for it.
   */
  static long connectionId(long key, long openedNanoTime) {
    return ConnectionKey.mix(key + ConnectionKey.mix(openedNanoTime));
  }

  long connectionId() {
    return connectionId(key, openedNanoTime);
  }

  private ClosingFacts closing() {
    if (closing == null) {
      closing = new ClosingFacts();
    }
    return closing;
  }

  /** Records a close frame; only the first one, in either direction, decides who closed. */
  synchronized void closeFrame(byte by, int code, String reason, long epochNanos) {
    ClosingFacts f = closing();
    if (f.firstCloseBy == NOBODY) {
      f.firstCloseBy = by;
      f.firstCode = code;
      f.firstReason = reason;
      f.firstCloseEpochNanos = epochNanos;
      f.firstCloseNanoTime = System.nanoTime();
    }
  }

  /**
   * When the close was decided, the moment idle times are measured to: the first close frame, else
   * the connection's end.
   */
  synchronized long closeDecidedNanoTime(long goneNanoTime) {
    return closing == null || closing.firstCloseBy == NOBODY
        ? goneNanoTime
        : closing.firstCloseNanoTime;
  }

  /** True for the one caller that emits the close span; false for every later one. */
  synchronized boolean markGone() {
    ClosingFacts f = closing();
    if (f.gone) {
      return false;
    }
    f.gone = true;
    return true;
  }

  synchronized void serverCauseHint(String cause) {
    ClosingFacts f = closing();
    if (f.serverCauseHint == null) {
      f.serverCauseHint = cause;
    }
  }

  /** The TCP connection ended before any close frame (for example the peer's FIN). */
  synchronized void transportCause(String cause) {
    ClosingFacts f = closing();
    if (f.firstCloseBy == NOBODY && f.transportCause == null) {
      f.transportCause = cause;
    }
  }

  synchronized CloseDecision decide(String fallbackCause, long goneNanoTime, long thresholdNanos) {
    long durationNanos = Math.max(0, goneNanoTime - openedNanoTime);
    ClosingFacts f = closing();
    return CloseDecision.decide(
        f.firstCloseBy,
        f.firstCode,
        f.firstReason,
        f.serverCauseHint,
        f.transportCause,
        fallbackCause,
        durationNanos,
        thresholdNanos);
  }

  synchronized long firstCloseEpochNanos() {
    return closing == null ? 0 : closing.firstCloseEpochNanos;
  }
}
