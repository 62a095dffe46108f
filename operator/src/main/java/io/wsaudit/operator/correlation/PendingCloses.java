package io.wsaudit.operator.correlation;

import io.wsaudit.operator.otlp.CloseObservation;
import io.wsaudit.operator.trust.Sender;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Close spans that arrived before their handshake, bounded by count and by estimated bytes; the
 * oldest are dropped first (each drop reported to {@code onDrop}). Together with the decoder's caps
 * on attribute lengths this keeps a flood of unmatched closes to a few MiB.
 */
final class PendingCloses {

  private final int maxCount;
  private final long maxBytes;
  private final Runnable onDrop;

  /** A waiting close span and who sent it (checked once its handshake shows the namespace). */
  record Pending(CloseObservation close, Sender sender) {}

  private final LinkedHashMap<String, Pending> closes = new LinkedHashMap<>();
  private long bytes;

  PendingCloses(int maxCount, long maxBytes, Runnable onDrop) {
    this.maxCount = maxCount;
    this.maxBytes = maxBytes;
    this.onDrop = onDrop;
  }

  synchronized void put(String key, CloseObservation close, Sender sender) {
    Pending old = closes.remove(key);
    if (old != null) {
      bytes -= size(key, old);
    }
    Pending p = new Pending(close, sender);
    closes.put(key, p);
    bytes += size(key, p);
    while (closes.size() > maxCount || (bytes > maxBytes && closes.size() > 1)) {
      Iterator<Map.Entry<String, Pending>> it = closes.entrySet().iterator();
      Map.Entry<String, Pending> eldest = it.next();
      it.remove();
      bytes -= size(eldest.getKey(), eldest.getValue());
      onDrop.run();
    }
  }

  synchronized Pending remove(String key) {
    Pending c = closes.remove(key);
    if (c != null) {
      bytes -= size(key, c);
    }
    return c;
  }

  synchronized long bytes() {
    return bytes;
  }

  private static long size(String key, Pending p) {
    return 2L * key.length() + RecordSize.of(p.close());
  }
}
