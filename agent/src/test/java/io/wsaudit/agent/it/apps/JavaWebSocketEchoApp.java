package io.wsaudit.agent.it.apps;

import io.wsaudit.testkit.apps.AppSupport;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;

/**
 * An ordinary TooTallNate Java-WebSocket server (it serves every path): echoes text. Query
 * parameters ask it to misbehave: {@code close_after_ms}, {@code code} and {@code reason} make it
 * close first; {@code reject} makes the application refuse the handshake ({@code
 * InvalidDataException}, a 404), {@code fail} makes it throw (a 500); {@code stop_after_ms} stops
 * the whole server ({@code WebSocketServer#stop}, which sends 1001 to every connection).
 * Java-WebSocket has no per-connection idle timeout: its lost-connection (pong) timeout is
 * server-wide, set by the system property {@code app.lostTimeoutSeconds} (0 switches it off; the
 * library's default is 60 s).
 */
public final class JavaWebSocketEchoApp extends WebSocketServer {

  private JavaWebSocketEchoApp() {
    super(new InetSocketAddress("127.0.0.1", 0));
  }

  public static void main(String[] args) throws Exception {
    JavaWebSocketEchoApp server = new JavaWebSocketEchoApp();
    String lost = System.getProperty("app.lostTimeoutSeconds");
    if (lost != null) {
      server.setConnectionLostTimeout(Integer.parseInt(lost));
    }
    server.setReuseAddr(true);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.stop(1000); // stop(int, String) is not in every 1.5.x
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    server.start();
  }

  @Override
  public void onStart() {
    System.out.println("READY port=" + getPort());
    System.out.flush();
  }

  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
      WebSocket conn, Draft draft, ClientHandshake request) throws InvalidDataException {
    Map<String, String> params = params(request.getResourceDescriptor());
    if (params.containsKey("reject")) {
      throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "refused by the application");
    }
    if (params.containsKey("fail")) {
      throw new IllegalStateException("the application failed");
    }
    return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    Map<String, String> params = params(handshake.getResourceDescriptor());
    if (params.containsKey("close_after_ms")) {
      int code = Integer.parseInt(params.getOrDefault("code", "4000"));
      String reason = params.getOrDefault("reason", "server-bye");
      AppSupport.after(
          () -> conn.close(code, reason), Long.parseLong(params.get("close_after_ms")));
    }
    if (params.containsKey("stop_after_ms")) {
      AppSupport.after(
          () -> {
            try {
              stop(1000, "server-stopping");
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          },
          Long.parseLong(params.get("stop_after_ms")));
    }
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    conn.send(message);
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

  @Override
  public void onError(WebSocket conn, Exception ex) {}

  static Map<String, String> params(String resource) {
    Map<String, String> params = new HashMap<>();
    int q = resource == null ? -1 : resource.indexOf('?');
    if (q < 0) {
      return params;
    }
    for (String pair : resource.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(name, value);
    }
    return params;
  }
}
