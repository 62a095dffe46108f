package io.wsaudit.operator.correlation;

import io.wsaudit.operator.otlp.ProxyObservation;
import java.time.Duration;

/**
 * Whether an access-log line and one of nginx's spans describe the same connection, when neither
 * carries what would join them exactly (the span has no request id, the line no span id): the same
 * Ingress and path, ended within {@link #ENDED_WITHIN} of each other, and lived as long within
 * {@link #LIFETIME_WITHIN} (or 1 %). Both are written in nginx's log phase, by the same process and
 * clock; the line's time has whole seconds. Connections this alike are interchangeable as evidence,
 * so pairing one with another's twin still counts each once.
 */
final class ProxyTwins {

  /** {@code $time_local} has whole seconds; the span's end has nanoseconds. */
  static final Duration ENDED_WITHIN = Duration.ofSeconds(2);

  /**
   * {@code $request_time} counts from the request's first byte, the span from the rewrite phase.
   */
  static final long LIFETIME_WITHIN_MS = 100;

  private ProxyTwins() {}

  /**
   * {@code held} (a proxy-only record's half, not yet paired) and {@code incoming} came from the
   * two different outputs and match.
   */
  static boolean twins(ProxyObservation held, ProxyObservation incoming) {
    if (held.origin() == incoming.origin() || paired(held) || paired(incoming)) {
      return false;
    }
    if (held.path() == null || !held.path().equals(incoming.path())) {
      return false;
    }
    if (held.status() != null
        && incoming.status() != null
        && !held.status().equals(incoming.status())) {
      return false;
    }
    if (Duration.between(held.time(), incoming.time()).abs().compareTo(ENDED_WITHIN) > 0) {
      return false;
    }
    Long a = held.lifetimeMs();
    Long b = incoming.lifetimeMs();
    if (a == null || b == null) {
      return true;
    }
    return Math.abs(a - b) <= Math.max(LIFETIME_WITHIN_MS, Math.max(a, b) / 100);
  }

  /** {@link #waiting} kinds: not waiting, an access line, nginx's span. */
  static final int NOT_WAITING = 0;

  static final int LINE = 1;
  static final int SPAN = 2;

  /** Whether a stored record waits for a twin, and of which output it is. */
  static int waiting(ConnectionRecord r) {
    if (!r.proxyOnly() || paired(r.proxy())) {
      return NOT_WAITING;
    }
    return r.proxy().fromSpan() ? SPAN : LINE;
  }

  /** The kind of record an incoming proxy observation's twin would be. */
  static int sought(ProxyObservation incoming) {
    if (paired(incoming)) {
      return NOT_WAITING;
    }
    return incoming.fromSpan() ? LINE : SPAN;
  }

  /** An access line that already took a span's ids. */
  private static boolean paired(ProxyObservation p) {
    return !p.fromSpan() && p.spanId() != null;
  }
}
