package io.wsaudit.operator.correlation;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.operator.otlp.CloseObservation;
import io.wsaudit.operator.otlp.HandshakeObservation;
import java.time.Duration;
import java.time.Instant;

/**
 * One WebSocket connection behind one Ingress, merged from its handshake span and (once it ended)
 * its close span. Either half may be missing: spans of one trace can arrive in separate exports.
 */
public record ConnectionRecord(
    Route route, String traceId, HandshakeObservation handshake, CloseObservation close) {

  /**
   * What a connection says about the proxy in front of it, judged with a policy's early-close
   * threshold. Named apart from a rule's {@code RuleVerdict}: this judges one connection, that one
   * an Ingress.
   */
  public enum Health {
    /**
     * The upgrade was rejected, or the connection closed sooner than the threshold (other than by
     * the peer's clean close).
     */
    FAILED,
    /** Upgraded and still open after the threshold, or closed later than it. */
    HEALTHY,
    /** Upgraded and younger than the threshold, with no close seen yet. */
    PENDING
  }

  public ConnectionRecord withHandshake(HandshakeObservation h) {
    return new ConnectionRecord(route, traceId, h, close);
  }

  public ConnectionRecord withClose(CloseObservation c) {
    return new ConnectionRecord(route, traceId, handshake, c);
  }

  /** When the connection was attempted (the handshake), else when it ended. */
  public Instant time() {
    return handshake != null ? handshake.time() : close.time();
  }

  public String protocolVersion() {
    if (handshake != null && handshake.protocolVersion() != null) {
      return handshake.protocolVersion();
    }
    return close == null ? null : close.protocolVersion();
  }

  public boolean rejected() {
    return handshake != null && WsAuditSpans.Outcome.REJECTED.equals(handshake.outcome());
  }

  public Health health(Duration earlyCloseThreshold, Instant now) {
    if (rejected()) {
      return Health.FAILED;
    }
    if (close != null) {
      if (close.closeCode() != null
          && WsAuditSpans.isCleanPeerClose(close.initiator(), close.closeCode())) {
        // The peer said goodbye (a page navigating away, a quick test): not the proxy's doing.
        return Health.HEALTHY;
      }
      Long ms = close.durationMs();
      if (ms != null) {
        return ms < earlyCloseThreshold.toMillis() ? Health.FAILED : Health.HEALTHY;
      }
      if (handshake != null) {
        Duration open = Duration.between(handshake.time(), close.time());
        return open.compareTo(earlyCloseThreshold) < 0 ? Health.FAILED : Health.HEALTHY;
      }
      // Only the agent's own judgement is left (its threshold may differ from the policy's).
      return Boolean.TRUE.equals(close.early()) ? Health.FAILED : Health.HEALTHY;
    }
    if (handshake != null && Boolean.FALSE.equals(handshake.keepAlive())) {
      // The server decided to drop the upgraded connection right after the 101 (Undertow on
      // HTTP/1.0).
      return Health.FAILED;
    }
    return Duration.between(time(), now).compareTo(earlyCloseThreshold) >= 0
        ? Health.HEALTHY
        : Health.PENDING;
  }
}
