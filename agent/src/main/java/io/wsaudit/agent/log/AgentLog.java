package io.wsaudit.agent.log;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's only logger: one line per message on stderr, prefixed {@code [wsaudit]}. It never
 * prints a stack trace unless debug is on, and prints each warning key once, so that a broken hook
 * cannot flood the host's logs. It does not touch JUL or SLF4J, which the application may not have
 * configured yet when premain runs.
 */
public final class AgentLog {

  private static volatile boolean debug;
  private static final Set<String> warned = ConcurrentHashMap.newKeySet();

  private AgentLog() {}

  public static void setDebug(boolean on) {
    debug = on;
  }

  public static boolean isDebug() {
    return debug;
  }

  public static void info(String message) {
    System.err.println("[wsaudit] " + message);
  }

  /**
   * Logs {@code message} the first time {@code key} is seen; later calls with the same key print
   * only in debug.
   */
  public static void warnOnce(String key, String message, Throwable cause) {
    if (warned.add(key) || debug) {
      System.err.println("[wsaudit] " + message + (cause == null ? "" : ": " + cause));
      if (debug && cause != null) {
        cause.printStackTrace();
      }
    }
  }

  public static void debug(String message) {
    if (debug) {
      System.err.println("[wsaudit] debug: " + message);
    }
  }
}
