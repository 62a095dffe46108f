package io.wsaudit.agent.instrumentation;

/**
 * A family's hook handler. Implementations are compiled against the server's API and live in the
 * family's {@code linked} package, which {@link LinkedClassLoader} defines once per server class
 * loader.
 */
public interface ServerHooks {

  /**
   * Handles the hook {@code hook} (one of the family's hook ids); the return value goes back to the
   * advice (enter → exit), or null. An id it does not handle goes to {@link
   * HookContext#unknownHook}.
   */
  Object on(int hook, Object self, Object a0, Object a1, Object a2) throws Exception;
}
