package io.wsaudit.operator.correlation;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * One join key (a request id, a span id) → the key of the connection record that carries it, in
 * arrival order and capped, the oldest forgotten first: how two sources' halves of one connection
 * meet in one record. Not thread-safe; {@link EvidenceStore} holds its lock.
 */
final class JoinIndex {

  private final int capacity;
  private final LinkedHashMap<String, String> connectionOf = new LinkedHashMap<>();

  JoinIndex(int capacity) {
    this.capacity = capacity;
  }

  String get(String joinKey) {
    return joinKey == null ? null : connectionOf.get(joinKey);
  }

  void remember(String joinKey, String connectionKey) {
    if (joinKey == null || connectionKey.equals(connectionOf.get(joinKey))) {
      return;
    }
    connectionOf.remove(joinKey);
    connectionOf.put(joinKey, connectionKey);
    if (connectionOf.size() > capacity) {
      Iterator<String> it = connectionOf.keySet().iterator();
      it.next();
      it.remove();
    }
  }

  /** Forgets {@code joinKey} if it still names {@code connectionKey}. */
  void forget(String joinKey, String connectionKey) {
    if (joinKey != null) {
      connectionOf.remove(joinKey, connectionKey);
    }
  }
}
