package io.wsaudit.agent.telemetry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The open connections the agent tracks, by connection key. Bounded: past the limit the oldest entry is forgotten
 * (and counted), so a missed close can never grow memory without end. Entries are removed when the connection goes.
 */
final class ConnectionRegistry {

  private final Map<String, OpenConnection> open;
  private final SpanCounters counters;

  ConnectionRegistry(int maxOpen, SpanCounters counters) {
    this.counters = counters;
    this.open = new LinkedHashMap<>(256, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, OpenConnection> eldest) {
        if (size() > maxOpen) {
          counters.connectionsForgotten.incrementAndGet();
          return true;
        }
        return false;
      }
    };
  }

  synchronized void put(String key, OpenConnection connection) {
    open.put(key, connection);
  }

  synchronized OpenConnection get(String key) {
    return open.get(key);
  }

  synchronized OpenConnection remove(String key) {
    return open.remove(key);
  }

  synchronized int size() {
    return open.size();
  }
}
