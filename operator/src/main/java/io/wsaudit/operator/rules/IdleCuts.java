package io.wsaudit.operator.rules;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.otlp.CloseObservation;
import io.wsaudit.operator.otlp.IdleEvidence;
import io.wsaudit.operator.proxy.IdleTimeouts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/** How quiet connections ended, judged one by one; what {@link IdleTimeout} counts. */
final class IdleCuts {

  /**
   * Shorter silences are traffic, not idleness: no idle timeout of any hop is that short in
   * practice (the shortest reported are 15 s, Envoy's route timeout).
   */
  static final long QUIET_FLOOR_MS = 5_000;

  private IdleCuts() {}

  /**
   * How far a measured idle time may be from a timeout and still be that timeout: nginx fires its
   * timers up to 300 ms early ({@code NGX_TIMER_LAZY_DELAY}), the agent sees the EOF a little late,
   * and long timeouts drift more; 2 s or 5 %, whichever is larger.
   */
  static long toleranceMs(long seconds) {
    return Math.max(2_000, seconds * 50);
  }

  static boolean near(Long measuredMs, long seconds) {
    return measuredMs != null && Math.abs(measuredMs - seconds * 1000) <= toleranceMs(seconds);
  }

  /**
   * Ended without a close frame because the peer's side of TCP went away: what a proxy does. nginx
   * closes (the server reads EOF); haproxy aborts the server side when its timer fires (the server
   * reads a reset: {@code io_error}, measured with haproxy 2.6 in e2e's {@code
   * HaproxyIdleTimeoutLoopTest}).
   */
  static boolean droppedByTransport(ConnectionRecord c) {
    CloseObservation close = c.close();
    return close != null
        && Long.valueOf(WsAuditSpans.ABNORMAL_CLOSE_CODE).equals(close.closeCode())
        && WsAuditSpans.Initiator.TRANSPORT.equals(close.initiator())
        && (WsAuditSpans.Cause.EOF.equals(close.cause())
            || WsAuditSpans.Cause.IO_ERROR.equals(close.cause()));
  }

  static IdleEvidence idle(ConnectionRecord c) {
    return c.close() == null ? IdleEvidence.NONE : c.close().idle();
  }

  /**
   * Dropped after the server sent nothing for about the read timeout, or received nothing for about
   * the send timeout; or the proxy's error log says nginx's idle timer fired for it.
   */
  static boolean cutByNginx(ConnectionRecord c, IdleTimeouts t) {
    return agentSawCut(c, t) || c.timedOutByProxy();
  }

  private static boolean agentSawCut(ConnectionRecord c, IdleTimeouts t) {
    IdleEvidence idle = idle(c);
    return droppedByTransport(c)
        && idle.known()
        && (near(idle.sentMs(), t.readSeconds()) || near(idle.receivedMs(), t.sendSeconds()));
  }

  /**
   * How long the server sent nothing before the cut: the agent's measure, else (the proxy's error
   * log says the timer fired) the read timeout itself, by definition of that error.
   */
  static long quietSentMs(ConnectionRecord c, IdleTimeouts t) {
    Long sent = idle(c).sentMs();
    return sent != null ? sent : t.readSeconds() * 1000;
  }

  /** The same for what the server received, against the send timeout. */
  static long quietReceivedMs(ConnectionRecord c, IdleTimeouts t) {
    Long received = idle(c).receivedMs();
    return received != null ? received : t.sendSeconds() * 1000;
  }

  /** Cut by the read timer: the agent measured it, or only the proxy's error log told the cut. */
  static boolean byReadTimer(ConnectionRecord c, IdleTimeouts t) {
    return idle(c).known() ? near(idle(c).sentMs(), t.readSeconds()) : c.timedOutByProxy();
  }

  /** Dropped after a silence in both directions that matches neither nginx timer. */
  static boolean cutElsewhere(ConnectionRecord c, IdleTimeouts t) {
    IdleEvidence idle = idle(c);
    return droppedByTransport(c)
        && idle.known()
        && idle.quietMs() >= QUIET_FLOOR_MS
        && !cutByNginx(c, t);
  }

  /**
   * Dropped after about one of the timeouts, but nothing says whether it was idle: the agent sent
   * no idle times, or only the proxy's access line is there, without its error line.
   */
  static boolean unjudgeable(ConnectionRecord c, IdleTimeouts t) {
    Long ms = lifetimeMs(c);
    boolean shape =
        droppedByTransport(c)
            || (c.close() == null
                && c.proxy() != null
                && c.proxy().upgraded()
                && !c.timedOutByProxy());
    return shape && !idle(c).known() && (near(ms, t.readSeconds()) || near(ms, t.sendSeconds()));
  }

  /** How long it lived: the close span's duration, else the proxy's {@code $request_time}. */
  static Long lifetimeMs(ConnectionRecord c) {
    if (c.close() != null && c.close().durationMs() != null) {
      return c.close().durationMs();
    }
    return c.proxy() == null ? null : c.proxy().lifetimeMs();
  }

  /** Closed by the server's own idle timeout: the application's setting. */
  static boolean closedByServerIdleTimeout(ConnectionRecord c) {
    return c.close() != null
        && WsAuditSpans.Initiator.SERVER.equals(c.close().initiator())
        && WsAuditSpans.Cause.IDLE_TIMEOUT.equals(c.close().cause());
  }

  /** Since the patch: quiet on the server's side longer than the old read timeout, and not cut. */
  static boolean outlived(ConnectionRecord c, IdleTimeouts old) {
    long limit = old.readSeconds() * 1000 + toleranceMs(old.readSeconds());
    Long sent = idle(c).sentMs();
    if (sent != null) {
      return sent > limit;
    }
    // The proxy's log alone: lived past the old timer and nginx's idle timer did not cut it.
    Long lived =
        c.proxyOnly() && c.proxy().upgraded() && !c.timedOutByProxy() ? lifetimeMs(c) : null;
    return lived != null && lived > limit;
  }

  /**
   * The largest group of connections whose value lies within one tolerance band (2 × the tolerance
   * of its smallest value), smallest values first on ties.
   */
  static List<ConnectionRecord> largestCluster(
      List<ConnectionRecord> cs, ToLongFunction<ConnectionRecord> ms) {
    List<ConnectionRecord> sorted = cs.stream().sorted(Comparator.comparingLong(ms)).toList();
    List<ConnectionRecord> best = List.of();
    int j = 0;
    for (int i = 0; i < sorted.size(); i++) {
      long low = ms.applyAsLong(sorted.get(i));
      long width = 2 * toleranceMs(low / 1000);
      j = Math.max(j, i);
      while (j + 1 < sorted.size() && ms.applyAsLong(sorted.get(j + 1)) - low <= width) {
        j++;
      }
      if (j - i + 1 > best.size()) {
        best = new ArrayList<>(sorted.subList(i, j + 1));
      }
    }
    return best;
  }

  /** The median of the values, in whole seconds. */
  static long medianSeconds(List<ConnectionRecord> cs, ToLongFunction<ConnectionRecord> ms) {
    long[] v = cs.stream().mapToLong(ms).sorted().toArray();
    return v.length == 0 ? 0 : Math.round(v[v.length / 2] / 1000.0);
  }

  /** "12.0–13.4 s" over the values, for explanations. */
  static String range(List<ConnectionRecord> cs, ToLongFunction<ConnectionRecord> ms) {
    long min = cs.stream().mapToLong(ms).min().orElse(0);
    long max = cs.stream().mapToLong(ms).max().orElse(0);
    return min == max
        ? String.format(java.util.Locale.ROOT, "%.1f s", min / 1000.0)
        : String.format(java.util.Locale.ROOT, "%.1f–%.1f s", min / 1000.0, max / 1000.0);
  }
}
