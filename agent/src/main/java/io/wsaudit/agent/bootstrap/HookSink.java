package io.wsaudit.agent.bootstrap;

/**
 * What the bridge forwards hook calls to; implemented inside the agent class loader. JDK types
 * only.
 */
public interface HookSink {

  /**
   * Handles one hook call from inlined advice.
   *
   * @param hook a family's hook id (a constant of its {@code <Family>HookIds})
   * @param self the instrumented object ({@code null} for static methods)
   * @return a value the advice hands back to a matching exit hook, or {@code null}
   */
  Object hook(int hook, Object self, Object a0, Object a1, Object a2);
}
