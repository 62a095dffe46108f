package io.wsaudit.agent.instrumentation.netty.v4_1.linked;

import io.wsaudit.agent.telemetry.FrameActivity;

/**
 * What the agent keeps on an upgraded channel (as a channel attribute, so it goes when the channel
 * goes).
 */
final class NettyConnection {

  final long key;
  final FrameActivity frames;

  /** An I/O error reached the pipeline: close frames encoded after it never reach the peer. */
  volatile boolean ioFailed;

  NettyConnection(long key, FrameActivity frames) {
    this.key = key;
    this.frames = frames;
  }
}
