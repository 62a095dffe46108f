package io.wsaudit.agent.instrumentation.tomcat.v9_0;

import io.wsaudit.agent.instrumentation.HookIds;

/**
 * The tomcat family's hook ids: what its advice passes to the bridge and its linked hooks switch
 * on. Compile-time constants, so javac writes the numbers into the advice (which is inlined into
 * server classes that cannot see this class) and into the hooks' {@code case} labels.
 */
public final class TomcatHookIds {

  public static final int FAMILY = 2;

  public static final int RESPONSE_PREPARED = FAMILY << HookIds.FAMILY_SHIFT | 1;
  public static final int SESSION_OPEN = FAMILY << HookIds.FAMILY_SHIFT | 2;
  public static final int DISPATCH = FAMILY << HookIds.FAMILY_SHIFT | 3;
  public static final int DESTROY = FAMILY << HookIds.FAMILY_SHIFT | 4;
  public static final int READ_FAILED = FAMILY << HookIds.FAMILY_SHIFT | 5;
  public static final int CLOSE_FRAME_IN = FAMILY << HookIds.FAMILY_SHIFT | 6;
  public static final int CLOSE_SENT = FAMILY << HookIds.FAMILY_SHIFT | 7;
  public static final int ON_CLOSE = FAMILY << HookIds.FAMILY_SHIFT | 8;

  // Per frame: the message path.
  public static final int FRAME_RECEIVED = FAMILY << HookIds.FAMILY_SHIFT | 9;
  public static final int FRAME_SENT = FAMILY << HookIds.FAMILY_SHIFT | 10;
  public static final int PING_SENT = FAMILY << HookIds.FAMILY_SHIFT | 11;

  private TomcatHookIds() {}
}
