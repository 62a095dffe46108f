package io.wsaudit.agent.instrumentation;

/**
 * A family's hook handler. Implementations are compiled against the server's API and live in the
 * family's {@code linked} package, which {@link LinkedClassLoader} defines once per server class
 * loader.
 */
public interface ServerHooks {

  /**
   * Handles the hook named {@code hook}; the return value goes back to the advice (enter → exit),
   * or null.
   */
  Object on(String hook, Object self, Object a0, Object a1, Object a2) throws Exception;
}
