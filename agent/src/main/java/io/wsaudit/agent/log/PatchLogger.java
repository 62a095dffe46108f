package io.wsaudit.agent.log;

import java.util.logging.Handler;
import java.util.logging.Level;

/**
 * Stands in for {@code java.util.logging.Logger} in the libraries the agent shades (the build
 * relocates every reference to it here). The application's logging is never initialised or written
 * by the agent: library messages at WARNING and above become one {@link AgentLog} line per distinct
 * message, without stack traces unless {@code wsaudit.debug} is on. Only the methods those
 * libraries call exist; the jar test checks that.
 */
public final class PatchLogger {

  private final String name;

  /**
   * The SDK's console exporter ({@code OTEL_TRACES_EXPORTER=console|logging}) prints each span as
   * one INFO message; those go to stdout as printed, the one place the user asked to see them.
   */
  private final boolean spanPrinter;

  private PatchLogger(String name) {
    this.name = name;
    this.spanPrinter = name != null && name.endsWith(".exporter.logging.LoggingSpanExporter");
  }

  public static PatchLogger getLogger(String name) {
    return new PatchLogger(name);
  }

  public boolean isLoggable(Level level) {
    if (spanPrinter && level.intValue() >= Level.INFO.intValue()) {
      return true;
    }
    return level.intValue()
        >= (AgentLog.isDebug() ? Level.FINE.intValue() : Level.WARNING.intValue());
  }

  public void log(Level level, String message) {
    log(level, message, (Throwable) null);
  }

  public void log(Level level, String message, Throwable thrown) {
    // A span line starts with the quoted span name ("'websocket.close' : <trace id> ...").
    if (spanPrinter && level == Level.INFO && message != null && message.startsWith("'")) {
      System.out.println(message);
      return;
    }
    if (isLoggable(level)) {
      String text = name + ": " + message;
      // Messages differ only in counts ("Failed to export 58 spans"): one line per kind of message.
      String key = text.replaceAll("[0-9]+", "#");
      AgentLog.warnOnce(key.length() > 160 ? key.substring(0, 160) : key, text, thrown);
    }
  }

  public void log(Level level, String message, Object parameter) {
    log(level, message + " [" + parameter + "]");
  }

  public void log(Level level, String message, Object[] parameters) {
    log(level, message + " " + java.util.Arrays.toString(parameters));
  }

  public void warning(String message) {
    log(Level.WARNING, message);
  }

  public void info(String message) {
    log(Level.INFO, message);
  }

  public void fine(String message) {
    log(Level.FINE, message);
  }

  public Handler[] getHandlers() {
    return new Handler[0];
  }
}
