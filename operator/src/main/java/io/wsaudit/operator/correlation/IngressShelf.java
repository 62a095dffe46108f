package io.wsaudit.operator.correlation;

import io.wsaudit.operator.otlp.ProxyObservation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The records of one Ingress in {@link EvidenceStore}, in arrival order for cheap eviction of the
 * oldest, with their estimated bytes and, by {@link ProxyTwins#waiting}, how many proxy-only
 * records wait for the other proxy output's twin. Not thread-safe; the store holds its lock.
 */
final class IngressShelf {

  /** One stored record, when it arrived and what it is estimated to cost. */
  record Held(ConnectionRecord record, Instant arrived, long bytes) {}

  private final LinkedHashMap<String, Held> records = new LinkedHashMap<>();
  private long bytes;

  /** A shelf with none of the kind sought is never scanned for a twin. */
  private final int[] waiting = new int[3];

  Held get(String key) {
    return records.get(key);
  }

  void put(String key, Held held) {
    records.put(key, held);
    bytes += held.bytes();
    waiting[ProxyTwins.waiting(held.record())]++;
  }

  /** Takes one record off the shelf; null when it is not on it. */
  Held remove(String key) {
    Held h = records.remove(key);
    if (h != null) {
      uncount(h);
    }
    return h;
  }

  boolean isEmpty() {
    return records.isEmpty();
  }

  /** More records than {@code maxCount}, or more bytes than {@code maxBytes} in more than one. */
  boolean over(int maxCount, long maxBytes) {
    return records.size() > maxCount || (bytes > maxBytes && records.size() > 1);
  }

  /** Takes the record that arrived first off the shelf and hands it to {@code removed}. */
  void removeEldest(BiConsumer<String, Held> removed) {
    Iterator<Map.Entry<String, Held>> it = records.entrySet().iterator();
    Map.Entry<String, Held> eldest = it.next();
    it.remove();
    uncount(eldest.getValue());
    removed.accept(eldest.getKey(), eldest.getValue());
  }

  /**
   * Takes every record whose span time or arrival is before {@code cutoff} off the shelf and hands
   * each to {@code removed}.
   */
  void removeOlderThan(Instant cutoff, BiConsumer<String, Held> removed) {
    for (var it = records.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Held> e = it.next();
      Held h = e.getValue();
      if (h.record().time().isBefore(cutoff) || h.arrived().isBefore(cutoff)) {
        it.remove();
        uncount(h);
        removed.accept(e.getKey(), h);
      }
    }
  }

  /** Records attempted at or after {@code since}, in arrival order. */
  List<ConnectionRecord> since(Instant since) {
    List<ConnectionRecord> out = new ArrayList<>();
    for (Held h : records.values()) {
      if (!h.record().time().isBefore(since)) {
        out.add(h.record());
      }
    }
    return out;
  }

  /**
   * The key of a proxy-only record that the other proxy output filed for the same connection as
   * {@code incoming}, or null; a scan bounded by the shelf's count, skipped when none waits.
   */
  String twinOf(String connectionKey, ProxyObservation incoming) {
    int kind = ProxyTwins.sought(incoming);
    if (kind == ProxyTwins.NOT_WAITING
        || waiting[kind] == 0
        || records.containsKey(connectionKey)) {
      return null;
    }
    for (Map.Entry<String, Held> e : records.entrySet()) {
      ConnectionRecord r = e.getValue().record();
      if (r.proxyOnly() && ProxyTwins.twins(r.proxy(), incoming)) {
        return e.getKey();
      }
    }
    return null;
  }

  private void uncount(Held h) {
    bytes -= h.bytes();
    waiting[ProxyTwins.waiting(h.record())]--;
  }
}
