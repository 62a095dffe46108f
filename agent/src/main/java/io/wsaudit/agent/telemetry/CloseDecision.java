package io.wsaudit.agent.telemetry;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;

/**
 * Who closed a connection, with which code and why, decided from what was seen on the wire
 * (docs/spans.md).
 */
public final class CloseDecision {

  public final String initiator;
  public final int code;
  public final String reason;
  public final String cause;
  public final long durationMillis;
  public final boolean early;

  private CloseDecision(
      String initiator,
      int code,
      String reason,
      String cause,
      long durationNanos,
      long thresholdNanos) {
    this.initiator = initiator;
    this.code = code;
    this.reason = reason == null || reason.isEmpty() ? null : reason;
    this.cause = cause;
    this.durationMillis = durationNanos / 1_000_000L;
    // A peer that said goodbye ended the connection itself: short is not a failure then.
    this.early = durationNanos < thresholdNanos && !WsAuditSpans.isCleanPeerClose(initiator, code);
  }

  static CloseDecision decide(
      int firstCloseBy,
      int code,
      String reason,
      String serverCauseHint,
      String transportCause,
      String fallbackCause,
      long durationNanos,
      long thresholdNanos) {
    if (firstCloseBy == OpenConnection.SERVER) {
      String cause = serverCauseHint != null ? serverCauseHint : causeOfServerCode(code);
      return new CloseDecision(
          Initiator.SERVER, code, reason, cause, durationNanos, thresholdNanos);
    }
    if (firstCloseBy == OpenConnection.CLIENT) {
      return new CloseDecision(
          Initiator.CLIENT, code, reason, Cause.CLIENT, durationNanos, thresholdNanos);
    }
    // The server's own reason (its idle timer fired, it decided not to keep the connection)
    // explains the end better
    // than the EOF or reset that follows it.
    String cause =
        serverCauseHint != null
            ? serverCauseHint
            : transportCause != null
                ? transportCause
                : fallbackCause != null ? fallbackCause : Cause.UNKNOWN;
    String initiator = serverDecided(cause) ? Initiator.SERVER : Initiator.TRANSPORT;
    return new CloseDecision(
        initiator, WsAuditSpans.ABNORMAL_CLOSE_CODE, null, cause, durationNanos, thresholdNanos);
  }

  /**
   * A server ending TCP without a close frame by its own decision still counts as the server
   * closing.
   */
  private static boolean serverDecided(String cause) {
    return Cause.KEEP_ALIVE.equals(cause)
        || Cause.IDLE_TIMEOUT.equals(cause)
        || Cause.SHUTDOWN.equals(cause);
  }

  /**
   * Codes a server sends when the peer broke the protocol (RFC 6455 section 7.4.1); anything else
   * is the app.
   */
  private static String causeOfServerCode(int code) {
    switch (code) {
      case 1001:
        // "Going away" from a server: it is stopping (an idle timeout arrives as a hint instead).
        return Cause.SHUTDOWN;
      case 1002:
      case 1003:
      case 1007:
      case 1009:
        return Cause.PROTOCOL_ERROR;
      default:
        return Cause.APPLICATION;
    }
  }
}
