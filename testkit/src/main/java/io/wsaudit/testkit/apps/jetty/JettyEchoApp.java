package io.wsaudit.testkit.apps.jetty;

import io.wsaudit.testkit.apps.AppSupport;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * An ordinary Jetty 12 application on 127.0.0.1: a Jetty-API WebSocket echo endpoint on {@code /ws}
 * (core {@code WebSocketUpgradeHandler}, nothing behind it, so a refused upgrade ends in Jetty's
 * own 404) and, when Jetty's ee10 WebSocket jars are on the class path, a Jakarta echo endpoint on
 * {@code /app/jsr} ({@link JettyJsrContext}). {@code --idle-ms N} sets every connection's idle
 * timeout; arguments and stdin: {@link AppSupport}. Query parameters ask the server to misbehave:
 * {@code close_after_ms}, {@code code} and {@code reason} make it close first; {@code idle_ms} sets
 * its idle timeout; {@code stop_server_after_ms} stops the whole server (the JVM stays up, so the
 * agent can still export).
 */
public final class JettyEchoApp {

  static volatile Server server;

  public static void main(String[] args) throws Exception {
    Server server = new Server();
    JettyEchoApp.server = server;
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(AppSupport.port(args));
    // Load generators open connections in bursts.
    connector.setAcceptQueueSize(1024);
    server.addConnector(connector);

    ContextHandler root = new ContextHandler("/");
    WebSocketUpgradeHandler ws =
        WebSocketUpgradeHandler.from(
            server,
            root,
            container -> {
              AppSupport.option(args, "idle-ms")
                  .ifPresent(ms -> container.setIdleTimeout(Duration.ofMillis(ms)));
              container.addMapping(
                  "/ws",
                  (request, response, callback) ->
                      new JettyEcho(query(request.getHttpURI().getQuery())));
            });
    root.setHandler(ws);

    // Only the agent's tests have the ee10 jars; the bench measures the core handler alone.
    Handler handler =
        AppSupport.present(
                "org.eclipse.jetty.ee10.websocket.jakarta.server.config."
                    + "JakartaWebSocketServletContainerInitializer")
            ? new ContextHandlerCollection(JettyJsrContext.create(), root)
            : root;
    server.setHandler(handler);
    server.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.stop();
                  } catch (Exception ignored) {
                    // exiting
                  }
                }));
    AppSupport.ready(connector.getLocalPort());
  }

  static Map<String, String> query(String query) {
    Map<String, String> params = new HashMap<>();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          params.put(
              pair.substring(0, eq),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return params;
  }

  /** The Jetty-API endpoint. */
  public static final class JettyEcho
      implements org.eclipse.jetty.websocket.api.Session.Listener.AutoDemanding {
    private final Map<String, String> params;
    private volatile org.eclipse.jetty.websocket.api.Session session;

    JettyEcho(Map<String, String> params) {
      this.params = params;
    }

    @Override
    public void onWebSocketOpen(org.eclipse.jetty.websocket.api.Session session) {
      this.session = session;
      if (params.containsKey("idle_ms")) {
        session.setIdleTimeout(Duration.ofMillis(Long.parseLong(params.get("idle_ms"))));
      }
      if (params.containsKey("close_after_ms")) {
        int code = Integer.parseInt(params.getOrDefault("code", "4000"));
        String reason = params.getOrDefault("reason", "server-bye");
        AppSupport.TIMER.schedule(
            () -> session.close(code, reason, Callback.NOOP),
            Long.parseLong(params.get("close_after_ms")),
            TimeUnit.MILLISECONDS);
      }
      if (params.containsKey("stop_server_after_ms")) {
        AppSupport.TIMER.schedule(
            () -> {
              try {
                server.stop();
              } catch (Exception ignored) {
                // the test sees the result on the wire
              }
            },
            Long.parseLong(params.get("stop_server_after_ms")),
            TimeUnit.MILLISECONDS);
      }
    }

    @Override
    public void onWebSocketText(String message) {
      session.sendText(message, Callback.NOOP);
    }
  }

  private JettyEchoApp() {}
}
