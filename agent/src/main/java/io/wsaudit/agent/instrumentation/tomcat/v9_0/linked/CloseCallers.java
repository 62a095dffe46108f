package io.wsaudit.agent.instrumentation.tomcat.v9_0.linked;

import io.wsaudit.contract.WsAuditSpans.Cause;
import java.util.Optional;

/**
 * Why Tomcat itself is closing, from who called {@code WsSession#sendCloseMessage}: Tomcat passes
 * the same {@code GOING_AWAY} code for its idle timeout and for its shutdown, with a localized
 * reason, so the caller is the only reliable sign. Walked once per close, never on the message
 * path.
 */
final class CloseCallers {

  private static final StackWalker WALKER = StackWalker.getInstance();

  private CloseCallers() {}

  /**
   * {@code idle_timeout}, {@code shutdown}, or null when the application (or a protocol error)
   * closed.
   */
  static String serverCause() {
    Optional<String> cause =
        WALKER.walk(
            frames ->
                frames
                    .limit(24)
                    .map(f -> cause(f.getClassName(), f.getMethodName()))
                    .filter(c -> c != null)
                    .findFirst());
    return cause.orElse(null);
  }

  private static String cause(String type, String method) {
    if ("checkExpiration".equals(method) && type.equals("org.apache.tomcat.websocket.WsSession")) {
      return Cause.IDLE_TIMEOUT;
    }
    if ("destroy".equals(method) && type.startsWith("org.apache.tomcat.websocket.")) {
      return Cause
          .SHUTDOWN; // WsWebSocketContainer/WsServerContainer#destroy: the web application stops
    }
    return null;
  }
}
