package io.wsaudit.agent.instrumentation.vertx.v5_0;

import io.wsaudit.agent.instrumentation.HookIds;

/**
 * The vertx family's hook ids: what its advice passes to the bridge and its linked hooks switch on.
 * Compile-time constants, so javac writes the numbers into the advice (which is inlined into server
 * classes that cannot see this class) and into the hooks' {@code case} labels.
 */
public final class VertxHookIds {

  public static final int FAMILY = 7;

  public static final int DISPATCH = FAMILY << HookIds.FAMILY_SHIFT | 1;
  public static final int HANDSHAKER_REFUSED = FAMILY << HookIds.FAMILY_SHIFT | 2;

  private VertxHookIds() {}
}
