package io.wsaudit.operator.correlation;

import io.wsaudit.operator.correlation.IngressShelf.Held;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Recent connections per Ingress, in memory and bounded ({@link EvidenceBounds}): by age (counted
 * from the span's time and from its arrival, whichever is older — a sender cannot keep a record
 * alive by dating it in the future), by count per Ingress, and by estimated bytes per Ingress and
 * in total. Losing it on restart only delays a finding by one window.
 */
public final class EvidenceStore {

  private final EvidenceBounds bounds;
  private final Clock clock;

  private final Map<String, IngressShelf> byIngress = new HashMap<>();

  /**
   * trace ID + connection ID → ingress key, in arrival order (so the oldest record of all is
   * evicted first when the total is full); a close span finds its handshake through it.
   */
  private final LinkedHashMap<String, String> ingressOfConnection = new LinkedHashMap<>();

  /** A hard cap on each join index besides {@link #forget}'s cleanup: a few MiB of ids at most. */
  static final int MAX_JOIN_KEYS = 20_000;

  /**
   * X-Request-ID ({@code $req_id}) → the connection it belongs to: how a proxy line and the agent's
   * spans of one connection meet in one record.
   */
  private final JoinIndex connectionOfRequest = new JoinIndex(MAX_JOIN_KEYS);

  /**
   * trace id / nginx's span id → the connection: how nginx's span and the agent's handshake (its
   * child, through the {@code traceparent} nginx sent upstream) meet in one record.
   */
  private final JoinIndex connectionOfSpan = new JoinIndex(MAX_JOIN_KEYS);

  private long totalBytes;

  public EvidenceStore(Duration retention, int maxPerIngress) {
    this(new EvidenceBounds(retention, maxPerIngress), Clock.systemUTC());
  }

  public EvidenceStore(EvidenceBounds bounds, Clock clock) {
    this.bounds = bounds;
    this.clock = clock;
  }

  /** The ingress key a known connection was filed under, or null. */
  public synchronized String ingressOf(String connectionKey) {
    return ingressOfConnection.get(connectionKey);
  }

  /** Inserts or updates the record of one connection. */
  public synchronized void upsert(
      String connectionKey,
      Route route,
      UnaryOperator<ConnectionRecord> update,
      ConnectionRecord initial) {
    IngressShelf shelf = byIngress.computeIfAbsent(route.ingressKey(), k -> new IngressShelf());
    Held existing = shelf.remove(connectionKey);
    ConnectionRecord record = existing == null ? initial : update.apply(existing.record());
    if (existing != null) {
      forget(connectionKey, existing);
    }
    Held held =
        new Held(
            record,
            existing == null ? clock.instant() : existing.arrived(),
            RecordSize.estimate(connectionKey, record));
    shelf.put(connectionKey, held);
    totalBytes += held.bytes();
    ingressOfConnection.put(connectionKey, route.ingressKey());
    connectionOfRequest.remember(record.requestId(), connectionKey);
    connectionOfSpan.remember(record.spanKey(), connectionKey);
    while (shelf.over(bounds.maxPerIngress(), bounds.maxBytesPerIngress())) {
      shelf.removeEldest(this::forget);
    }
    while (totalBytes > bounds.maxTotalBytes() && ingressOfConnection.size() > 1) {
      evictOldest();
    }
  }

  /**
   * Inserts or updates the record of one connection, joined with the record another source already
   * filed for it: by request id (the proxy's log and the agent), by nginx's span id (nginx's span
   * and the agent's handshake, its child), else, for a proxy-only record, by {@link ProxyTwins}
   * (the proxy's log and its span). A proxy observation ({@link #isProxyKey}) joins the record
   * found; an agent's span takes over a proxy-only record, which then lives under the agent's key
   * (its close span will come under that key). With nothing found, as {@link #upsert}.
   *
   * @return the key the record is filed under
   */
  public synchronized String upsertJoined(
      String connectionKey,
      String requestId,
      String spanKey,
      Route route,
      UnaryOperator<ConnectionRecord> update,
      ConnectionRecord initial) {
    String other = joined(connectionOfRequest.get(requestId), connectionKey);
    other = other != null ? other : joined(connectionOfSpan.get(spanKey), connectionKey);
    if (other == null && isProxyKey(connectionKey) && initial.proxy() != null) {
      IngressShelf shelf = byIngress.get(route.ingressKey());
      other = shelf == null ? null : shelf.twinOf(connectionKey, initial.proxy());
    }
    if (other != null && isProxyKey(connectionKey)) {
      // Filed where the other half is, under its route: one connection, one shelf.
      Held held = byIngress.get(ingressOfConnection.get(other)).get(other);
      upsert(other, held.record().route(), update, initial);
      return other;
    }
    if (other != null && isProxyKey(other)) {
      ConnectionRecord proxyHalf = remove(other);
      ConnectionRecord merged = proxyHalf == null ? null : update.apply(proxyHalf.withRoute(route));
      upsert(
          connectionKey,
          route,
          rec -> update.apply(rec).withProxy(proxyHalf == null ? null : proxyHalf.proxy()),
          merged == null ? initial : merged);
      return connectionKey;
    }
    upsert(connectionKey, route, update, initial);
    return connectionKey;
  }

  /**
   * As {@link #upsertJoined(String, String, String, Route, UnaryOperator, ConnectionRecord)}, by
   * request id only.
   */
  public synchronized String upsertJoined(
      String connectionKey,
      String requestId,
      Route route,
      UnaryOperator<ConnectionRecord> update,
      ConnectionRecord initial) {
    return upsertJoined(connectionKey, requestId, null, route, update, initial);
  }

  /** {@code found}, when it is a record held under another key. */
  private String joined(String found, String connectionKey) {
    return found != null && !found.equals(connectionKey) && ingressOfConnection.containsKey(found)
        ? found
        : null;
  }

  /** Keys of records first filed from a proxy log line start with this. */
  public static final String PROXY_KEY_PREFIX = "proxy/";

  public static boolean isProxyKey(String connectionKey) {
    return connectionKey.startsWith(PROXY_KEY_PREFIX);
  }

  /** Takes one record out of the store; null when it is not held. */
  private ConnectionRecord remove(String connectionKey) {
    String ingress = ingressOfConnection.get(connectionKey);
    IngressShelf shelf = ingress == null ? null : byIngress.get(ingress);
    Held h = shelf == null ? null : shelf.remove(connectionKey);
    if (h == null) {
      return null;
    }
    forget(connectionKey, h);
    if (shelf.isEmpty()) {
      byIngress.remove(ingress);
    }
    return h.record();
  }

  /** Estimated bytes held, in total (for tests and diagnostics). */
  public synchronized long totalBytes() {
    return totalBytes;
  }

  /** Records of one Ingress attempted at or after {@code since}. */
  public synchronized List<ConnectionRecord> since(String ingressKey, Instant since) {
    IngressShelf shelf = byIngress.get(ingressKey);
    return shelf == null ? List.of() : shelf.since(since);
  }

  /** Drops records older than the retention, by span time or by arrival. */
  public synchronized void expire(Instant now) {
    Instant cutoff = now.minus(bounds.retention());
    for (var it = byIngress.values().iterator(); it.hasNext(); ) {
      IngressShelf shelf = it.next();
      shelf.removeOlderThan(cutoff, this::forget);
      if (shelf.isEmpty()) {
        it.remove();
      }
    }
  }

  private void evictOldest() {
    Iterator<Map.Entry<String, String>> it = ingressOfConnection.entrySet().iterator();
    Map.Entry<String, String> oldest = it.next();
    it.remove();
    IngressShelf shelf = byIngress.get(oldest.getValue());
    Held h = shelf == null ? null : shelf.remove(oldest.getKey());
    if (h != null) {
      forget(oldest.getKey(), h);
      if (shelf.isEmpty()) {
        byIngress.remove(oldest.getValue());
      }
    }
  }

  /**
   * Takes a record out of the total byte count and the connection and join indexes (the caller took
   * it off its shelf).
   */
  private void forget(String key, Held h) {
    totalBytes -= h.bytes();
    ingressOfConnection.remove(key);
    connectionOfRequest.forget(h.record().requestId(), key);
    connectionOfSpan.forget(h.record().spanKey(), key);
  }
}
