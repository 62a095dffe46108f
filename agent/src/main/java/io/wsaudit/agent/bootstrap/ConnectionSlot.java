package io.wsaudit.agent.bootstrap;

/**
 * A server connection class the agent gave a field of its own when the class was first loaded: the
 * field holds the agent's record of that connection, so that finding it per frame needs no map and
 * keeping it costs no map entry. On the bootstrap class path, so that every server class loader and
 * the agent see the same interface. The methods are implemented by {@code ConnectionSlotField};
 * their names cannot clash with a server's own.
 */
public interface ConnectionSlot {

  /** The agent's record of this connection, or null. */
  Object wsaudit$connection();

  /** Replaces the record (null forgets it). */
  void wsaudit$connection(Object record);
}
