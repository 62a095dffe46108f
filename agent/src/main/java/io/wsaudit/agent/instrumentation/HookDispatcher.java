package io.wsaudit.agent.instrumentation;

import io.wsaudit.agent.bootstrap.HookSink;
import io.wsaudit.agent.log.AgentLog;
import java.util.Map;

/**
 * Routes hook calls from the bridge to the family's hooks for the calling server's class loader.
 * Never throws.
 */
final class HookDispatcher implements HookSink {

  private final Map<String, ModuleState> byFamily;

  HookDispatcher(Map<String, ModuleState> byFamily) {
    this.byFamily = byFamily;
  }

  @Override
  public Object hook(String hook, Object self, Object a0, Object a1, Object a2) {
    int dot = hook.indexOf('.');
    ModuleState state = dot > 0 ? byFamily.get(hook.substring(0, dot)) : null;
    if (state == null || !state.active()) {
      return null;
    }
    Object anchor = self != null ? self : a0;
    try {
      ClassLoader loader = anchor == null ? null : anchor.getClass().getClassLoader();
      return state.hooksFor(loader).on(hook, self, a0, a1, a2);
    } catch (LinkageError | ReflectiveOperationException e) {
      // The server is not the version the family was written for: stop trying, say so once.
      state.disable("its classes are not the expected ones (" + e + ")");
    } catch (Throwable t) {
      AgentLog.warnOnce(hook, "hook " + hook + " failed; the server is unaffected", t);
    }
    return null;
  }
}
