package io.wsaudit.bench.servers;

import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Jetty 12, Jetty WebSocket API on the core handler: a text echo on {@code /ws}, bound to
 * 127.0.0.1.
 */
public final class JettyBenchServer {

  private JettyBenchServer() {}

  public static void main(String[] args) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(ServerSupport.port(args));
    connector.setAcceptQueueSize(1024);
    server.addConnector(connector);
    ContextHandler root = new ContextHandler("/");
    root.setHandler(
        WebSocketUpgradeHandler.from(
            server,
            root,
            container -> {
              // The memory phase holds connections open and idle: longer than any phase.
              container.setIdleTimeout(Duration.ofMinutes(10));
              container.addMapping("/ws", (request, response, callback) -> new Echo());
            }));
    server.setHandler(root);
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
    ServerSupport.ready(connector.getLocalPort());
  }

  /** The echo endpoint. */
  public static final class Echo implements Session.Listener.AutoDemanding {
    private volatile Session session;

    @Override
    public void onWebSocketOpen(Session session) {
      this.session = session;
    }

    @Override
    public void onWebSocketText(String message) {
      session.sendText(message, Callback.NOOP);
    }
  }
}
