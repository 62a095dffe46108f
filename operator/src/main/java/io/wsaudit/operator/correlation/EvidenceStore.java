package io.wsaudit.operator.correlation;

import io.wsaudit.operator.otlp.ProxyObservation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Recent connections per Ingress, in memory and bounded: by age ({@code retention}, counted from
 * the span's time and from its arrival, whichever is older — a sender cannot keep a record alive by
 * dating it in the future), by count per Ingress, and by estimated bytes per Ingress and in total,
 * so a flood of spans, or of spans with huge attributes, costs a fixed amount of heap. Losing it on
 * restart only delays a finding by one window.
 */
public final class EvidenceStore {

  /** Per Ingress: plenty for 2,000 ordinary records (about 1 KB each). */
  public static final long DEFAULT_MAX_BYTES_PER_INGRESS = 4L * 1024 * 1024;

  /** In total: a fixed share of the chart's 384 MiB heap. */
  public static final long DEFAULT_MAX_TOTAL_BYTES = 64L * 1024 * 1024;

  private final Duration retention;
  private final int maxPerIngress;
  private final long maxBytesPerIngress;
  private final long maxTotalBytes;
  private final Clock clock;

  /** One stored record, when it arrived and what it is estimated to cost. */
  private record Held(ConnectionRecord record, Instant arrived, long bytes) {}

  /** The records of one Ingress, in arrival order for cheap eviction of the oldest. */
  private static final class Shelf {
    final LinkedHashMap<String, Held> records = new LinkedHashMap<>();
    long bytes;

    /**
     * Proxy-only records still waiting for the other proxy output's twin, by {@link
     * ProxyTwins#waiting}: a shelf with none of the kind sought is never scanned.
     */
    final int[] waiting = new int[3];
  }

  private final Map<String, Shelf> byIngress = new HashMap<>();

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
    this(
        retention,
        maxPerIngress,
        DEFAULT_MAX_BYTES_PER_INGRESS,
        DEFAULT_MAX_TOTAL_BYTES,
        Clock.systemUTC());
  }

  public EvidenceStore(
      Duration retention,
      int maxPerIngress,
      long maxBytesPerIngress,
      long maxTotalBytes,
      Clock clock) {
    this.retention = retention;
    this.maxPerIngress = maxPerIngress;
    this.maxBytesPerIngress = maxBytesPerIngress;
    this.maxTotalBytes = maxTotalBytes;
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
    Shelf shelf = byIngress.computeIfAbsent(route.ingressKey(), k -> new Shelf());
    Held existing = shelf.records.remove(connectionKey);
    ConnectionRecord record = existing == null ? initial : update.apply(existing.record());
    if (existing != null) {
      forget(shelf, connectionKey, existing);
    }
    Held held =
        new Held(
            record,
            existing == null ? clock.instant() : existing.arrived(),
            RecordSize.estimate(connectionKey, record));
    shelf.records.put(connectionKey, held);
    shelf.bytes += held.bytes();
    shelf.waiting[ProxyTwins.waiting(record)]++;
    totalBytes += held.bytes();
    ingressOfConnection.put(connectionKey, route.ingressKey());
    connectionOfRequest.remember(record.requestId(), connectionKey);
    connectionOfSpan.remember(record.spanKey(), connectionKey);
    while (shelf.records.size() > maxPerIngress
        || (shelf.bytes > maxBytesPerIngress && shelf.records.size() > 1)) {
      Iterator<Map.Entry<String, Held>> it = shelf.records.entrySet().iterator();
      Map.Entry<String, Held> eldest = it.next();
      it.remove();
      forget(shelf, eldest.getKey(), eldest.getValue());
    }
    while (totalBytes > maxTotalBytes && ingressOfConnection.size() > 1) {
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
      other = twinOf(connectionKey, route, initial.proxy());
    }
    if (other != null && isProxyKey(connectionKey)) {
      // Filed where the other half is, under its route: one connection, one shelf.
      Held held = byIngress.get(ingressOfConnection.get(other)).records.get(other);
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

  /**
   * A proxy-only record on the route's shelf that the other proxy output filed for the same
   * connection; a scan of one shelf, bounded by its count.
   */
  private String twinOf(String connectionKey, Route route, ProxyObservation incoming) {
    Shelf shelf = byIngress.get(route.ingressKey());
    int kind = ProxyTwins.sought(incoming);
    if (shelf == null
        || kind == ProxyTwins.NOT_WAITING
        || shelf.waiting[kind] == 0
        || shelf.records.containsKey(connectionKey)) {
      return null;
    }
    for (Map.Entry<String, Held> e : shelf.records.entrySet()) {
      ConnectionRecord r = e.getValue().record();
      if (r.proxyOnly() && ProxyTwins.twins(r.proxy(), incoming)) {
        return e.getKey();
      }
    }
    return null;
  }

  /** Keys of records first filed from a proxy log line start with this. */
  public static final String PROXY_KEY_PREFIX = "proxy/";

  public static boolean isProxyKey(String connectionKey) {
    return connectionKey.startsWith(PROXY_KEY_PREFIX);
  }

  /** Takes one record out of the store; null when it is not held. */
  private ConnectionRecord remove(String connectionKey) {
    String ingress = ingressOfConnection.get(connectionKey);
    Shelf shelf = ingress == null ? null : byIngress.get(ingress);
    Held h = shelf == null ? null : shelf.records.remove(connectionKey);
    if (h == null) {
      return null;
    }
    forget(shelf, connectionKey, h);
    if (shelf.records.isEmpty()) {
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
    Shelf shelf = byIngress.get(ingressKey);
    if (shelf == null) {
      return List.of();
    }
    List<ConnectionRecord> out = new ArrayList<>();
    for (Held h : shelf.records.values()) {
      if (!h.record().time().isBefore(since)) {
        out.add(h.record());
      }
    }
    return out;
  }

  /** Drops records older than the retention, by span time or by arrival. */
  public synchronized void expire(Instant now) {
    Instant cutoff = now.minus(retention);
    for (var it = byIngress.values().iterator(); it.hasNext(); ) {
      Shelf shelf = it.next();
      for (var records = shelf.records.entrySet().iterator(); records.hasNext(); ) {
        Map.Entry<String, Held> e = records.next();
        Held h = e.getValue();
        if (h.record().time().isBefore(cutoff) || h.arrived().isBefore(cutoff)) {
          records.remove();
          forget(shelf, e.getKey(), h);
        }
      }
      if (shelf.records.isEmpty()) {
        it.remove();
      }
    }
  }

  private void evictOldest() {
    Iterator<Map.Entry<String, String>> it = ingressOfConnection.entrySet().iterator();
    Map.Entry<String, String> oldest = it.next();
    it.remove();
    Shelf shelf = byIngress.get(oldest.getValue());
    Held h = shelf == null ? null : shelf.records.remove(oldest.getKey());
    if (h != null) {
      forget(shelf, oldest.getKey(), h);
      if (shelf.records.isEmpty()) {
        byIngress.remove(oldest.getValue());
      }
    }
  }

  /** Takes a record out of the byte counts and the connection index (the caller unshelved it). */
  private void forget(Shelf shelf, String key, Held h) {
    shelf.bytes -= h.bytes();
    shelf.waiting[ProxyTwins.waiting(h.record())]--;
    totalBytes -= h.bytes();
    ingressOfConnection.remove(key);
    connectionOfRequest.forget(h.record().requestId(), key);
    connectionOfSpan.forget(h.record().spanKey(), key);
  }
}
