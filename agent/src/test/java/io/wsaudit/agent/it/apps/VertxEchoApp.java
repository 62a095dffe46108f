package io.wsaudit.agent.it.apps;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * A minimal Vert.x 5.0 WebSocket server: a WebSocket handler that echoes text, and no request
 * handler, so Vert.x itself answers what is not an upgrade.
 */
public final class VertxEchoApp {

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    HttpServer server =
        vertx
            .createHttpServer()
            .webSocketHandler(ws -> ws.textMessageHandler(ws::writeTextMessage))
            .listen(0, "127.0.0.1")
            .await();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
    System.out.println("READY port=" + server.actualPort());
  }

  private VertxEchoApp() {}
}
