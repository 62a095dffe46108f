package io.wsaudit.agent.instrumentation;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One advice class applied to the methods a matcher selects; the class is named, never loaded by
 * the agent. A {@link BridgeAdvice} class also takes the hook ids it passes (0 where unused).
 */
public final class MethodAdvice {

  final String description;
  final ElementMatcher<? super MethodDescription> matcher;
  final String adviceClassName;
  final int hook;
  final int exitHook;

  public MethodAdvice(
      String description,
      ElementMatcher<? super MethodDescription> matcher,
      String adviceClassName) {
    this(description, matcher, adviceClassName, 0, 0);
  }

  public MethodAdvice(
      String description,
      ElementMatcher<? super MethodDescription> matcher,
      String adviceClassName,
      int hook,
      int exitHook) {
    this.description = description;
    this.matcher = matcher;
    this.adviceClassName = adviceClassName;
    this.hook = hook;
    this.exitHook = exitHook;
  }
}
