package io.wsaudit.e2e.apps;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A sample Jetty 12 application: a Jetty-API WebSocket echo on {@code /ws} (core {@code
 * WebSocketUpgradeHandler}, nothing behind it, so an upgrade Jetty refuses ends in its own 404), on
 * 127.0.0.1, a free port.
 */
public final class JettyEchoApp {

  private JettyEchoApp() {}

  public static void main(String[] args) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ContextHandler root = new ContextHandler("/");
    root.setHandler(
        WebSocketUpgradeHandler.from(
            server,
            root,
            container -> container.addMapping("/ws", (request, response, callback) -> new Echo())));
    server.setHandler(root);
    server.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.stop();
                  } catch (Exception ignored) {
                    // exiting anyway
                  }
                }));
    System.out.println("READY port=" + connector.getLocalPort());
  }

  /** Echoes every text message. */
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
