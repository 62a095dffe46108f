package io.wsaudit.agent.instrumentation;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One advice class applied to the methods a matcher selects; the class is named, never loaded by
 * the agent.
 */
public final class MethodAdvice {

  final String description;
  final ElementMatcher<? super MethodDescription> matcher;
  final String adviceClassName;

  public MethodAdvice(
      String description,
      ElementMatcher<? super MethodDescription> matcher,
      String adviceClassName) {
    this.description = description;
    this.matcher = matcher;
    this.adviceClassName = adviceClassName;
  }
}
