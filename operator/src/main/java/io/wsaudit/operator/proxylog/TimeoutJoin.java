package io.wsaudit.operator.proxylog;

import io.wsaudit.operator.otlp.ProxyObservation;
import io.wsaudit.operator.proxy.nginx.log.AccessLogEntry;
import io.wsaudit.operator.proxy.nginx.log.ErrorLogEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Joins nginx's {@code upstream timed out … while proxying upgraded connection} error line with the
 * access line of the same connection: same client, upstream and request path, written within {@link
 * #WITHIN} of each other (nginx logs the error when the timer fires and the access line as it
 * finalizes the request, but the two streams may reach the operator in either order). Each side
 * waits in a bounded buffer for the other; the oldest are dropped first, and counted.
 */
final class TimeoutJoin {

  /** The error log has whole seconds; the two lines are written moments apart. */
  static final Duration WITHIN = Duration.ofSeconds(2);

  private final Side<ErrorLogEntry> errors;
  private final Side<ProxyObservation> accesses;

  TimeoutJoin(int capacity) {
    this.errors = new Side<>(capacity);
    this.accesses = new Side<>(capacity);
  }

  /**
   * An upgraded connection's access line: marked timed out when its error line came first; else
   * kept for a while in case the error line follows.
   */
  synchronized ProxyObservation access(AccessLogEntry e, ProxyObservation o) {
    String key = key(e.remoteAddr(), e.lastUpstream(), e.path());
    if (key == null) {
      return o;
    }
    if (errors.take(key, o.time()) != null) {
      return o.withTimedOut();
    }
    accesses.add(key, o, o.time());
    return o;
  }

  /**
   * A timed-out error line: the access line it belongs to, now marked timed out, when that came
   * first; else empty, and the error line waits for it.
   */
  synchronized Optional<ProxyObservation> timedOut(ErrorLogEntry e) {
    String key = key(e.client(), upstreamAddr(e.upstream()), requestPath(e.request()));
    if (key == null) {
      return Optional.empty();
    }
    ProxyObservation acc = accesses.take(key, e.time());
    if (acc != null) {
      return Optional.of(acc.withTimedOut());
    }
    errors.add(key, e, e.time());
    return Optional.empty();
  }

  /** Lines that waited in vain and were pushed out by newer ones. */
  synchronized long dropped() {
    return errors.dropped + accesses.dropped;
  }

  /**
   * The lines of one side waiting for their partner: several per key, because several quiet
   * connections of one client (tabs behind one NAT address) to one path are cut by one timer at
   * once. At most {@code capacity} wait; the oldest are dropped first.
   */
  private static final class Side<T> {
    private final int capacity;
    private final Map<String, ArrayDeque<Waiting<T>>> byKey = new HashMap<>();
    // Arrival order, for dropping the oldest; entries already taken are skipped and compacted.
    private final ArrayDeque<Waiting<T>> order = new ArrayDeque<>();
    private int size;
    private long dropped;

    Side(int capacity) {
      this.capacity = capacity;
    }

    /** The oldest waiting line of {@code key} written near {@code time}, removed; or null. */
    T take(String key, Instant time) {
      ArrayDeque<Waiting<T>> waiting = byKey.get(key);
      if (waiting == null) {
        return null;
      }
      for (Iterator<Waiting<T>> it = waiting.iterator(); it.hasNext(); ) {
        Waiting<T> w = it.next();
        if (close(w.time, time)) {
          it.remove();
          w.taken = true;
          size--;
          if (waiting.isEmpty()) {
            byKey.remove(key);
          }
          return w.value;
        }
      }
      return null;
    }

    void add(String key, T value, Instant time) {
      Waiting<T> w = new Waiting<>(key, value, time);
      byKey.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(w);
      order.addLast(w);
      size++;
      while (size > capacity) {
        Waiting<T> oldest = order.pollFirst();
        if (!oldest.taken) {
          oldest.taken = true;
          ArrayDeque<Waiting<T>> same = byKey.get(oldest.key);
          same.remove(oldest);
          if (same.isEmpty()) {
            byKey.remove(oldest.key);
          }
          size--;
          dropped++;
        }
      }
      if (order.size() > 2 * capacity) {
        order.removeIf(x -> x.taken);
      }
    }
  }

  private static final class Waiting<T> {
    final String key;
    final T value;
    final Instant time;
    boolean taken;

    Waiting(String key, T value, Instant time) {
      this.key = key;
      this.value = value;
      this.time = time;
    }
  }

  private static boolean close(Instant error, Instant access) {
    if (error == null || access == null) {
      return true;
    }
    return Duration.between(error, access).abs().compareTo(WITHIN) <= 0;
  }

  /**
   * Client, upstream and path name one connection of a moment; the host adds nothing beside the
   * upstream address, and ingress-nginx's default access format does not log it.
   */
  private static String key(String client, String upstream, String path) {
    if (client == null || upstream == null || path == null) {
      return null;
    }
    return client + ' ' + upstream + ' ' + path;
  }

  /** {@code http://10.0.0.5:8080/ws} → {@code 10.0.0.5:8080}, as {@code $upstream_addr} has it. */
  static String upstreamAddr(String url) {
    if (url == null) {
      return null;
    }
    int scheme = url.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int slash = url.indexOf('/', start);
    return slash < 0 ? url.substring(start) : url.substring(start, slash);
  }

  /** {@code GET /ws?room=1 HTTP/1.1} → {@code /ws}. */
  static String requestPath(String requestLine) {
    if (requestLine == null) {
      return null;
    }
    int sp = requestLine.indexOf(' ');
    if (sp < 0) {
      return null;
    }
    int end = requestLine.indexOf(' ', sp + 1);
    String uri = end < 0 ? requestLine.substring(sp + 1) : requestLine.substring(sp + 1, end);
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }
}
