package io.wsaudit.operator.correlation;

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
 * Recent connections per Ingress, in memory and bounded: by age ({@code retention}) and by count
 * per Ingress, so a flood of spans costs a fixed amount of heap. Losing it on restart only delays a
 * finding by one window.
 */
public final class EvidenceStore {

  private final Duration retention;
  private final int maxPerIngress;

  /**
   * ingress key → (trace ID + connection ID → record), in arrival order for cheap eviction of the
   * oldest.
   */
  private final Map<String, LinkedHashMap<String, ConnectionRecord>> byIngress = new HashMap<>();

  /** trace ID + connection ID → ingress key, so a close span finds the handshake it belongs to. */
  private final Map<String, String> ingressOfConnection = new HashMap<>();

  public EvidenceStore(Duration retention, int maxPerIngress) {
    this.retention = retention;
    this.maxPerIngress = maxPerIngress;
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
    LinkedHashMap<String, ConnectionRecord> records =
        byIngress.computeIfAbsent(route.ingressKey(), k -> new LinkedHashMap<>());
    ConnectionRecord existing = records.get(connectionKey);
    records.put(connectionKey, existing == null ? initial : update.apply(existing));
    ingressOfConnection.put(connectionKey, route.ingressKey());
    while (records.size() > maxPerIngress) {
      Iterator<Map.Entry<String, ConnectionRecord>> it = records.entrySet().iterator();
      ingressOfConnection.remove(it.next().getKey());
      it.remove();
    }
  }

  /** Records of one Ingress attempted at or after {@code since}. */
  public synchronized List<ConnectionRecord> since(String ingressKey, Instant since) {
    var records = byIngress.get(ingressKey);
    if (records == null) {
      return List.of();
    }
    List<ConnectionRecord> out = new ArrayList<>();
    for (ConnectionRecord r : records.values()) {
      if (!r.time().isBefore(since)) {
        out.add(r);
      }
    }
    return out;
  }

  /** Drops records older than the retention. */
  public synchronized void expire(Instant now) {
    Instant cutoff = now.minus(retention);
    for (var it = byIngress.values().iterator(); it.hasNext(); ) {
      var records = it.next();
      records
          .entrySet()
          .removeIf(
              e -> {
                boolean old = e.getValue().time().isBefore(cutoff);
                if (old) {
                  ingressOfConnection.remove(e.getKey());
                }
                return old;
              });
      if (records.isEmpty()) {
        it.remove();
      }
    }
  }
}
