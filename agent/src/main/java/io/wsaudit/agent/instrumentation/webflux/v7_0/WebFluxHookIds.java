package io.wsaudit.agent.instrumentation.webflux.v7_0;

import io.wsaudit.agent.instrumentation.HookIds;

/**
 * The webflux family's hook ids: what its advice passes to the bridge and its linked hooks switch
 * on. Compile-time constants, so javac writes the numbers into the advice (which is inlined into
 * server classes that cannot see this class) and into the hooks' {@code case} labels.
 */
public final class WebFluxHookIds {

  public static final int FAMILY = 6;

  public static final int HANDLE_REQUEST = FAMILY << HookIds.FAMILY_SHIFT | 1;

  private WebFluxHookIds() {}
}
