package io.wsaudit.agent.instrumentation;

import io.wsaudit.agent.bootstrap.HookSink;
import io.wsaudit.agent.log.AgentLog;
import java.util.Collection;

/**
 * Routes hook calls from the bridge to the family's hooks for the calling server's class loader.
 * The family is the hook id's high bits, an index into an array: nothing is parsed or allocated per
 * call (some hooks run per frame). Never throws.
 */
final class HookDispatcher implements HookSink {

  private final ModuleState[] byFamilyId;

  HookDispatcher(Collection<ModuleState> states) {
    int max = 0;
    for (ModuleState state : states) {
      max = Math.max(max, state.module.familyId());
    }
    byFamilyId = new ModuleState[max + 1];
    for (ModuleState state : states) {
      int id = state.module.familyId();
      if (id <= 0 || byFamilyId[id] != null) {
        throw new IllegalArgumentException(
            "family id " + id + " of " + state.module.family() + " is not unique and positive");
      }
      byFamilyId[id] = state;
    }
  }

  @Override
  public Object hook(int hook, Object self, Object a0, Object a1, Object a2) {
    int family = HookIds.family(hook);
    ModuleState state = family < byFamilyId.length ? byFamilyId[family] : null;
    if (state == null) {
      AgentLog.warnOnce(
          "unknown-hook-" + hook,
          "hook " + HookIds.describe(hook) + " has no family; ignored",
          null);
      return null;
    }
    if (!state.active()) {
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
      AgentLog.warnOnce(
          "hook-failed-" + hook,
          "hook "
              + state.module.family()
              + " "
              + HookIds.describe(hook)
              + " failed; the server is unaffected",
          t);
    }
    return null;
  }
}
