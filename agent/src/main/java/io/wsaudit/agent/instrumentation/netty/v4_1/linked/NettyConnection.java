package io.wsaudit.agent.instrumentation.netty.v4_1.linked;

/**
 * What the agent keeps on an upgraded channel (as a channel attribute, so it goes when the channel
 * goes).
 */
final class NettyConnection {

  final long key;

  /** An I/O error reached the pipeline: close frames encoded after it never reach the peer. */
  volatile boolean ioFailed;

  NettyConnection(long key) {
    this.key = key;
  }
}
