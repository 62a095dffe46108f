package io.wsaudit.agent.instrumentation;

import java.util.List;

/**
 * A server class and the advice applied to it. Every advice must find its method, or the family is
 * skipped.
 */
public final class TypeInstrumentation {

  final String typeName;
  final List<MethodAdvice> advice;

  /**
   * Whether the type gets a field for the agent's connection record ({@link ConnectionSlotField})
   * when it is first loaded.
   */
  final boolean connectionSlot;

  public TypeInstrumentation(String typeName, List<MethodAdvice> advice) {
    this(typeName, advice, false);
  }

  public TypeInstrumentation(String typeName, List<MethodAdvice> advice, boolean connectionSlot) {
    this.typeName = typeName;
    this.advice = List.copyOf(advice);
    this.connectionSlot = connectionSlot;
  }

  public String typeName() {
    return typeName;
  }

  public boolean connectionSlot() {
    return connectionSlot;
  }
}
