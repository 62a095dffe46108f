package io.wsaudit.operator.correlation;

import io.wsaudit.operator.otlp.CloseObservation;
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
  private final LinkedHashMap<String, CloseObservation> closes = new LinkedHashMap<>();
  private long bytes;

  PendingCloses(int maxCount, long maxBytes, Runnable onDrop) {
    this.maxCount = maxCount;
    this.maxBytes = maxBytes;
    this.onDrop = onDrop;
  }

  synchronized void put(String key, CloseObservation close) {
    CloseObservation old = closes.remove(key);
    if (old != null) {
      bytes -= size(key, old);
    }
    closes.put(key, close);
    bytes += size(key, close);
    while (closes.size() > maxCount || (bytes > maxBytes && closes.size() > 1)) {
      Iterator<Map.Entry<String, CloseObservation>> it = closes.entrySet().iterator();
      Map.Entry<String, CloseObservation> eldest = it.next();
      it.remove();
      bytes -= size(eldest.getKey(), eldest.getValue());
      onDrop.run();
    }
  }

  synchronized CloseObservation remove(String key) {
    CloseObservation c = closes.remove(key);
    if (c != null) {
      bytes -= size(key, c);
    }
    return c;
  }

  synchronized long bytes() {
    return bytes;
  }

  private static long size(String key, CloseObservation c) {
    return 2L * key.length() + RecordSize.of(c);
  }
}
