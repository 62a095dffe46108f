package io.wsaudit.agent.bootstrap;

/**
 * The only agent class that instrumented server code calls. It lives on the bootstrap class path so
 * that advice inlined into any class loader can reach it, passes JDK types only, and never throws.
 */
public final class WsAuditBridge {

  private static volatile HookSink sink;

  private WsAuditBridge() {}

  /**
   * Sets the sink once; later calls are ignored so that nothing outside the agent can replace it.
   */
  public static synchronized boolean install(HookSink newSink) {
    if (sink != null) {
      return false;
    }
    sink = newSink;
    return true;
  }

  public static Object hook(int hook, Object self, Object a0, Object a1, Object a2) {
    HookSink s = sink;
    if (s == null) {
      return null;
    }
    try {
      return s.hook(hook, self, a0, a1, a2);
    } catch (Throwable t) {
      return null;
    }
  }
}
