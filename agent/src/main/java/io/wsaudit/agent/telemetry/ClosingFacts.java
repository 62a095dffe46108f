package io.wsaudit.agent.telemetry;

/**
 * What an {@link OpenConnection} learns as it closes: the first close frame on the wire, the
 * server's and the transport's causes, and whether its close span was emitted. It exists only once
 * a connection starts to close, so an open, quiet connection does not carry these fields (the
 * agent's heap per open connection is one of its budgets). Guarded by the owning connection's lock.
 */
final class ClosingFacts {

  byte firstCloseBy = OpenConnection.NOBODY;
  int firstCode;
  String firstReason;
  long firstCloseEpochNanos;
  long firstCloseNanoTime;
  String serverCauseHint;
  String transportCause;
  boolean gone;
}
