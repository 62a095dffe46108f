package io.wsaudit.agent.instrumentation;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One advice class applied to the methods a matcher selects; the class is named, never loaded by
 * the agent. A {@link BridgeAdvice} class also takes the hook ids it passes: {@code hooks[0]} on
 * entry, {@code hooks[1]} on exit (none for a family's own advice, whose ids are in its code).
 */
public final class MethodAdvice {

  final String description;
  final ElementMatcher<? super MethodDescription> matcher;
  final String adviceClassName;
  private final int[] hooks;

  public MethodAdvice(
      String description,
      ElementMatcher<? super MethodDescription> matcher,
      String adviceClassName,
      int... hooks) {
    this.description = description;
    this.matcher = matcher;
    this.adviceClassName = adviceClassName;
    this.hooks = hooks.clone();
  }

  /** The id bound to {@link BridgeAdvice.Hook} (0: none). */
  int hook() {
    return hooks.length > 0 ? hooks[0] : 0;
  }

  /** The id bound to {@link BridgeAdvice.ExitHook} (0: none). */
  int exitHook() {
    return hooks.length > 1 ? hooks[1] : 0;
  }
}
