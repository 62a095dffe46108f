package io.wsaudit.testkit.apps;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.util.List;
import java.util.Map;

/**
 * The misbehaviour the echo apps' Jakarta endpoints share, read from the query string: {@code
 * idle_ms} sets the session's idle timeout; {@code close_after_ms}, {@code code} and {@code reason}
 * make the server close first.
 */
public final class JakartaEndpoints {

  private JakartaEndpoints() {}

  /** The Jakarta echo endpoint of the Jetty and Undertow apps, under their {@code /app}. */
  @ServerEndpoint("/jsr")
  public static final class JsrEcho {
    @OnOpen
    public void open(Session session) {
      onOpen(session);
    }

    @OnMessage
    public String echo(String message) {
      return message;
    }
  }

  public static void onOpen(Session session) {
    Map<String, List<String>> params = session.getRequestParameterMap();
    if (params.containsKey("idle_ms")) {
      session.setMaxIdleTimeout(Long.parseLong(params.get("idle_ms").get(0)));
    }
    if (params.containsKey("close_after_ms")) {
      int code = Integer.parseInt(params.getOrDefault("code", List.of("4000")).get(0));
      String reason = params.getOrDefault("reason", List.of("server-bye")).get(0);
      AppSupport.after(
          () -> {
            try {
              session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            } catch (Exception ignored) {
              // the test sees the result on the wire
            }
          },
          Long.parseLong(params.get("close_after_ms").get(0)));
    }
  }
}
