package io.wsaudit.operator.correlation;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.operator.otlp.CloseObservation;
import io.wsaudit.operator.otlp.HandshakeObservation;
import io.wsaudit.operator.otlp.ProxyObservation;
import java.time.Duration;
import java.time.Instant;

/**
 * One WebSocket connection behind one Ingress, merged from what the agent saw (its handshake span
 * and, once it ended, its close span) and what the proxy said (one access line, or nginx's own
 * span, when it ended; the line wins when both came, see {@link ProxyObservation#merge}). Any half
 * may be missing: spans of one trace arrive in separate exports, a backend without the agent has
 * only the proxy's half, a proxy whose logs and spans are not sent only the agent's.
 */
public record ConnectionRecord(
    Route route,
    String traceId,
    HandshakeObservation handshake,
    CloseObservation close,
    ProxyObservation proxy) {

  /** What the agent saw, without the proxy's half. */
  public ConnectionRecord(
      Route route, String traceId, HandshakeObservation handshake, CloseObservation close) {
    this(route, traceId, handshake, close, null);
  }

  /** What the proxy alone says (nginx's span brings its trace id). */
  public static ConnectionRecord ofProxy(Route route, ProxyObservation proxy) {
    return new ConnectionRecord(route, proxy.traceId(), null, null, proxy);
  }

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
    return new ConnectionRecord(route, traceId != null ? traceId : h.traceId(), h, close, proxy);
  }

  public ConnectionRecord withClose(CloseObservation c) {
    return new ConnectionRecord(
        route, traceId != null ? traceId : c.traceId(), handshake, c, proxy);
  }

  /** With the proxy's half, merged with the one held (the log line wins over nginx's span). */
  public ConnectionRecord withProxy(ProxyObservation p) {
    if (p == null) {
      return this;
    }
    return new ConnectionRecord(
        route,
        traceId != null ? traceId : p.traceId(),
        handshake,
        close,
        ProxyObservation.merge(proxy, p));
  }

  /** The same connection filed under another route (the agent's, when both halves meet). */
  public ConnectionRecord withRoute(Route r) {
    return new ConnectionRecord(r, traceId, handshake, close, proxy);
  }

  /** The agent saw it (a handshake or a close span). */
  public boolean fromAgent() {
    return handshake != null || close != null;
  }

  /**
   * The proxy saw it: its access log has the line, or nginx's own span came (both count as the
   * proxy's evidence, {@code evidence.proxyLog}).
   */
  public boolean fromProxyLog() {
    return proxy != null;
  }

  /**
   * Only the proxy has it (log or span): the backend runs without the agent (or its spans are
   * lost).
   */
  public boolean proxyOnly() {
    return proxy != null && !fromAgent();
  }

  /** The {@code $req_id} the proxy logged, else the X-Request-ID the agent recorded, or null. */
  public String requestId() {
    if (proxy != null && proxy.requestId() != null) {
      return proxy.requestId();
    }
    return handshake == null ? null : handshake.requestId();
  }

  /**
   * {@code traceId/spanId} of nginx's span of this connection, from that span or from the agent's
   * handshake that names it as parent; or null.
   */
  public String spanKey() {
    String fromProxy = proxy == null ? null : proxy.spanKey();
    return fromProxy != null || handshake == null ? fromProxy : handshake.parentKey();
  }

  /**
   * When the connection was attempted (the handshake), else when it ended; a proxy line is written
   * at the end, so its time less the lifetime is when it began.
   */
  public Instant time() {
    if (handshake != null) {
      return handshake.time();
    }
    if (close != null) {
      return close.time();
    }
    Long ms = proxy.lifetimeMs();
    return ms == null || ms < 0 ? proxy.time() : proxy.time().minusMillis(ms);
  }

  /** When it ended, if that is known (a close span or the proxy's line), else null. */
  public Instant endTime() {
    return close != null ? close.time() : proxy == null ? null : proxy.time();
  }

  /**
   * The HTTP version the backend was spoken to, as the agent saw it; null without the agent (the
   * proxy's log says what the client spoke, not what nginx spoke upstream).
   */
  public String protocolVersion() {
    if (handshake != null && handshake.protocolVersion() != null) {
      return handshake.protocolVersion();
    }
    return close == null ? null : close.protocolVersion();
  }

  /** The backend refused the upgrade (the agent says so) or nginx answered other than 101. */
  public boolean rejected() {
    if (handshake != null) {
      return WsAuditSpans.Outcome.REJECTED.equals(handshake.outcome());
    }
    return proxy != null && !proxy.upgraded() && Boolean.TRUE.equals(proxy.upgradeRequested());
  }

  /** nginx's idle timer cut it: its error log said so for this connection. */
  public boolean timedOutByProxy() {
    return proxy != null && proxy.upgraded() && proxy.timedOut();
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
    if (proxy != null) {
      return proxyHealth(earlyCloseThreshold);
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

  /**
   * The proxy's line is written when the connection ended: a 101 that lived shorter than the
   * threshold failed (the log cannot tell a peer's clean goodbye from a drop); anything else ended
   * after it.
   */
  private Health proxyHealth(Duration earlyCloseThreshold) {
    if (handshake != null && Boolean.FALSE.equals(handshake.keepAlive())) {
      return Health.FAILED;
    }
    Long ms = proxy.lifetimeMs();
    return proxy.upgraded() && ms != null && ms < earlyCloseThreshold.toMillis()
        ? Health.FAILED
        : Health.HEALTHY;
  }
}
