package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.trace.TraceState;

/**
 * What the agent remembers about one upgraded connection until it is gone: the handshake span's
 * context (as numbers; the close span's parent is rebuilt from them), the attributes the close span
 * copies (shared strings), the first close frame seen on the wire, and (as a {@link FrameActivity})
 * when frames last went each way. It is also its own entry in {@link ConnectionRegistry}, so an
 * open connection costs this one object.
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
  final long connectionId;
  final String protocolVersion;
  final String path;
  final String peerAddress;
  final String serverAddress;
  final String server;

  // Registry links, guarded by the registry's lock: the hash bucket's chain and the insertion
  // order.
  OpenConnection nextInBucket;
  OpenConnection older;
  OpenConnection newer;

  private byte firstCloseBy = NOBODY;
  private int firstCode;
  private String firstReason;
  private long firstCloseEpochNanos;
  private long firstCloseNanoTime;
  private String serverCauseHint;
  private String transportCause;
  private boolean gone;

  OpenConnection(
      long key,
      long traceIdHigh,
      long traceIdLow,
      long spanId,
      byte traceFlags,
      TraceState traceState,
      long connectionId,
      long openedNanoTime,
      String protocolVersion,
      String path,
      String peerAddress,
      String serverAddress,
      String server) {
    super(openedNanoTime);
    this.key = key;
    this.traceIdHigh = traceIdHigh;
    this.traceIdLow = traceIdLow;
    this.spanId = spanId;
    this.traceFlags = traceFlags;
    this.traceState = traceState;
    this.connectionId = connectionId;
    this.protocolVersion = protocolVersion;
    this.path = path;
    this.peerAddress = peerAddress;
    this.serverAddress = serverAddress;
    this.server = server;
  }

  /** Records a close frame; only the first one, in either direction, decides who closed. */
  synchronized void closeFrame(byte by, int code, String reason, long epochNanos) {
    if (firstCloseBy == NOBODY) {
      firstCloseBy = by;
      firstCode = code;
      firstReason = reason;
      firstCloseEpochNanos = epochNanos;
      firstCloseNanoTime = System.nanoTime();
    }
  }

  /**
   * When the close was decided, the moment idle times are measured to: the first close frame, else
   * the connection's end.
   */
  synchronized long closeDecidedNanoTime(long goneNanoTime) {
    return firstCloseBy == NOBODY ? goneNanoTime : firstCloseNanoTime;
  }

  /** True for the one caller that emits the close span; false for every later one. */
  synchronized boolean markGone() {
    if (gone) {
      return false;
    }
    gone = true;
    return true;
  }

  synchronized void serverCauseHint(String cause) {
    if (serverCauseHint == null) {
      serverCauseHint = cause;
    }
  }

  /** The TCP connection ended before any close frame (for example the peer's FIN). */
  synchronized void transportCause(String cause) {
    if (firstCloseBy == NOBODY && transportCause == null) {
      transportCause = cause;
    }
  }

  synchronized CloseDecision decide(String fallbackCause, long goneNanoTime, long thresholdNanos) {
    long durationNanos = Math.max(0, goneNanoTime - openedNanoTime);
    return CloseDecision.decide(
        firstCloseBy,
        firstCode,
        firstReason,
        serverCauseHint,
        transportCause,
        fallbackCause,
        durationNanos,
        thresholdNanos);
  }

  synchronized long firstCloseEpochNanos() {
    return firstCloseEpochNanos;
  }
}
