package io.wsaudit.agent.instrumentation;

import java.util.List;

/**
 * A server class and the advice applied to it. Every advice must find its method, or the family is
 * skipped.
 */
public final class TypeInstrumentation {

  final String typeName;
  final List<MethodAdvice> advice;

  public TypeInstrumentation(String typeName, List<MethodAdvice> advice) {
    this.typeName = typeName;
    this.advice = List.copyOf(advice);
  }

  public String typeName() {
    return typeName;
  }
}
