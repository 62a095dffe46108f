package io.wsaudit.agent.instrumentation.undertow.v2_2;

import io.wsaudit.agent.instrumentation.HookIds;

/**
 * The undertow family's hook ids: what its advice passes to the bridge and its linked hooks switch
 * on. Compile-time constants, so javac writes the numbers into the advice (which is inlined into
 * server classes that cannot see this class) and into the hooks' {@code case} labels.
 */
public final class UndertowHookIds {

  public static final int FAMILY = 1;

  public static final int HANDSHAKE_START = FAMILY << HookIds.FAMILY_SHIFT | 1;
  public static final int SERVLET_HANDSHAKE_START = FAMILY << HookIds.FAMILY_SHIFT | 2;
  public static final int EXCHANGE_COMPLETE = FAMILY << HookIds.FAMILY_SHIFT | 3;
  public static final int CHANNEL_OPEN = FAMILY << HookIds.FAMILY_SHIFT | 4;
  public static final int SEND_EMPTY_CLOSE = FAMILY << HookIds.FAMILY_SHIFT | 5;
  public static final int EOF = FAMILY << HookIds.FAMILY_SHIFT | 6;
  public static final int READS_BROKEN = FAMILY << HookIds.FAMILY_SHIFT | 7;
  public static final int SEND_CLOSE = FAMILY << HookIds.FAMILY_SHIFT | 8;
  public static final int CLOSE_RECEIVED = FAMILY << HookIds.FAMILY_SHIFT | 9;

  // Per frame: the message path.
  public static final int FRAME_RECEIVED = FAMILY << HookIds.FAMILY_SHIFT | 10;
  public static final int FRAME_SENT = FAMILY << HookIds.FAMILY_SHIFT | 11;
  public static final int PING_SENT = FAMILY << HookIds.FAMILY_SHIFT | 12;

  private UndertowHookIds() {}
}
