package io.wsaudit.operator.proxylog;

import io.wsaudit.operator.otlp.ProxyObservation;
import io.wsaudit.operator.proxy.nginx.log.AccessLogEntry;
import io.wsaudit.operator.proxy.nginx.log.ErrorLogEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
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

  private final int capacity;
  private long dropped;

  private record Waiting<T>(T value, Instant time) {}

  private final LinkedHashMap<String, Waiting<ErrorLogEntry>> errors = new LinkedHashMap<>();
  private final LinkedHashMap<String, Waiting<ProxyObservation>> accesses = new LinkedHashMap<>();

  TimeoutJoin(int capacity) {
    this.capacity = capacity;
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
    Waiting<ErrorLogEntry> err = errors.remove(key);
    if (err != null && close(err.time(), o.time())) {
      return o.withTimedOut();
    }
    put(accesses, key, new Waiting<>(o, o.time()));
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
    Waiting<ProxyObservation> acc = accesses.remove(key);
    if (acc != null && close(e.time(), acc.time())) {
      return Optional.of(acc.value().withTimedOut());
    }
    put(errors, key, new Waiting<>(e, e.time()));
    return Optional.empty();
  }

  /** Lines that waited in vain and were pushed out by newer ones. */
  synchronized long dropped() {
    return dropped;
  }

  private <T> void put(LinkedHashMap<String, Waiting<T>> m, String key, Waiting<T> w) {
    m.remove(key);
    m.put(key, w);
    while (m.size() > capacity) {
      Iterator<Map.Entry<String, Waiting<T>>> it = m.entrySet().iterator();
      it.next();
      it.remove();
      dropped++;
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
