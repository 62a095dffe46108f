package io.wsaudit.agent.telemetry;

import io.opentelemetry.api.trace.SpanContext;

/**
 * What the agent remembers about one upgraded connection until it is gone: the handshake span to parent the close
 * span on, the attributes the close span copies, and the first close frame seen on the wire.
 */
final class OpenConnection {

  static final int NOBODY = 0;
  static final int SERVER = 1;
  static final int CLIENT = 2;

  final SpanContext handshake;
  final String connectionId;
  final long openedNanoTime;
  final String protocolVersion;
  final String path;
  final String peerAddress;
  final String serverAddress;
  final String server;

  private int firstCloseBy = NOBODY;
  private int firstCode;
  private String firstReason;
  private long firstCloseEpochNanos;
  private String serverCauseHint;
  private String transportCause;

  OpenConnection(SpanContext handshake, String connectionId, long openedNanoTime, String protocolVersion, String path,
      String peerAddress, String serverAddress, String server) {
    this.handshake = handshake;
    this.connectionId = connectionId;
    this.openedNanoTime = openedNanoTime;
    this.protocolVersion = protocolVersion;
    this.path = path;
    this.peerAddress = peerAddress;
    this.serverAddress = serverAddress;
    this.server = server;
  }

  /** Records a close frame; only the first one, in either direction, decides who closed. */
  synchronized void closeFrame(int by, int code, String reason, long epochNanos) {
    if (firstCloseBy == NOBODY) {
      firstCloseBy = by;
      firstCode = code;
      firstReason = reason;
      firstCloseEpochNanos = epochNanos;
    }
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
    return CloseDecision.decide(firstCloseBy, firstCode, firstReason, serverCauseHint, transportCause,
        fallbackCause, durationNanos, thresholdNanos);
  }

  synchronized long firstCloseEpochNanos() {
    return firstCloseEpochNanos;
  }
}
