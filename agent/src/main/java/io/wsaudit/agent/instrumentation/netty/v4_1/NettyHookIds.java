package io.wsaudit.agent.instrumentation.netty.v4_1;

import io.wsaudit.agent.instrumentation.HookIds;

/**
 * The netty family's hook ids: what its advice passes to the bridge and its linked hooks switch on.
 * Compile-time constants, so javac writes the numbers into the advice (which is inlined into server
 * classes that cannot see this class) and into the hooks' {@code case} labels.
 */
public final class NettyHookIds {

  public static final int FAMILY = 5;

  public static final int HANDSHAKE_START = FAMILY << HookIds.FAMILY_SHIFT | 1;
  public static final int HANDSHAKE_END = FAMILY << HookIds.FAMILY_SHIFT | 2;
  public static final int NO_HANDSHAKER = FAMILY << HookIds.FAMILY_SHIFT | 3;
  public static final int UNSUPPORTED_VERSION = FAMILY << HookIds.FAMILY_SHIFT | 4;
  public static final int CLOSE_SENT = FAMILY << HookIds.FAMILY_SHIFT | 5;
  public static final int CLOSE_RECEIVED = FAMILY << HookIds.FAMILY_SHIFT | 6;
  public static final int PROTOCOL_VIOLATION = FAMILY << HookIds.FAMILY_SHIFT | 7;
  public static final int IO_ERROR = FAMILY << HookIds.FAMILY_SHIFT | 8;
  public static final int PIPELINE_CLOSE = FAMILY << HookIds.FAMILY_SHIFT | 9;
  public static final int IDLE_START = FAMILY << HookIds.FAMILY_SHIFT | 10;
  public static final int IDLE_END = FAMILY << HookIds.FAMILY_SHIFT | 11;

  // Per frame: the message path.
  public static final int FRAME_RECEIVED = FAMILY << HookIds.FAMILY_SHIFT | 12;
  public static final int FRAME_SENT = FAMILY << HookIds.FAMILY_SHIFT | 13;
  public static final int PING_SENT = FAMILY << HookIds.FAMILY_SHIFT | 14;

  private NettyHookIds() {}
}
