package io.wsaudit.bench;

/** What one forked server, under one agent setup, measured. NaN where a phase failed. */
public record RunResult(
    ServerKind server,
    AgentSetup setup,
    int rep,
    double startupMs,
    double loopPerSecond,
    double echoPerSecond,
    double loopCpuMicrosPerConnection,
    double echoCpuMicrosPerMessage,
    double handshakeP50Ms,
    double handshakeP99Ms,
    double heapIdleBytes,
    double heapOpenBytes,
    int openConnections,
    long failures,
    long wsauditSpans,
    long otherSpans) {

  public double bytesPerConnection() {
    return openConnections > 0 ? (heapOpenBytes - heapIdleBytes) / openConnections : Double.NaN;
  }

  /** The values of one row, in the order the progress log and the table of runs print them. */
  public Object[] columns() {
    return new Object[] {
      rep,
      server.label(),
      setup.label(),
      startupMs,
      loopPerSecond,
      loopCpuMicrosPerConnection,
      echoPerSecond,
      echoCpuMicrosPerMessage,
      handshakeP50Ms,
      handshakeP99Ms,
      heapIdleBytes / 1e6,
      heapOpenBytes / 1e6,
      openConnections,
      bytesPerConnection(),
      wsauditSpans,
      otherSpans,
      failures
    };
  }
}
