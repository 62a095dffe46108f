package io.wsaudit.agent.instrumentation.jetty.v12_0;

import io.wsaudit.agent.instrumentation.HookIds;

/**
 * The jetty family's hook ids: what its advice passes to the bridge and its linked hooks switch on.
 * Compile-time constants, so javac writes the numbers into the advice (which is inlined into server
 * classes that cannot see this class) and into the hooks' {@code case} labels.
 */
public final class JettyHookIds {

  public static final int FAMILY = 3;

  public static final int UPGRADE_CHECK = FAMILY << HookIds.FAMILY_SHIFT | 1;
  public static final int HTTP_UPGRADE_REFUSED = FAMILY << HookIds.FAMILY_SHIFT | 2;
  public static final int CLOSE_SENT = FAMILY << HookIds.FAMILY_SHIFT | 3;
  public static final int CLOSE_RECEIVED = FAMILY << HookIds.FAMILY_SHIFT | 4;
  public static final int EOF = FAMILY << HookIds.FAMILY_SHIFT | 5;
  public static final int CONNECTION_ERROR = FAMILY << HookIds.FAMILY_SHIFT | 6;
  public static final int SERVER_STOPPING = FAMILY << HookIds.FAMILY_SHIFT | 7;
  public static final int CONNECTION_CLOSED = FAMILY << HookIds.FAMILY_SHIFT | 8;

  // Per frame: the message path.
  public static final int FRAME_RECEIVED = FAMILY << HookIds.FAMILY_SHIFT | 9;
  public static final int FRAME_SENT = FAMILY << HookIds.FAMILY_SHIFT | 10;
  public static final int PING_SENT = FAMILY << HookIds.FAMILY_SHIFT | 11;

  private JettyHookIds() {}
}
