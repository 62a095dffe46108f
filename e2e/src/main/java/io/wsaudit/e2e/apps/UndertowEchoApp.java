package io.wsaudit.e2e.apps;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A sample Undertow 2.3 application: a WebSocket echo on {@code /ws} (core API), on 127.0.0.1, a
 * free port. Two flags give the idle-timeout scenario its controls: {@code -D}{@value
 * #IDLE_TIMEOUT_MS} makes Undertow close quiet connections itself (1001), {@code -D}{@value
 * #CLOSE_AFTER_MS} makes the application close every connection (1000) that long after it opened.
 */
public final class UndertowEchoApp {

  public static final String IDLE_TIMEOUT_MS = "wsaudit.e2e.idle-timeout-ms";
  public static final String CLOSE_AFTER_MS = "wsaudit.e2e.close-after-ms";

  private UndertowEchoApp() {}

  public static void main(String[] args) {
    Undertow server =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setHandler(
                Handlers.path()
                    .addPrefixPath(
                        "/ws",
                        Handlers.websocket(
                            (exchange, channel) -> {
                              long idle = Long.getLong(IDLE_TIMEOUT_MS, 0);
                              if (idle > 0) {
                                channel.setIdleTimeout(idle);
                              }
                              long closeAfter = Long.getLong(CLOSE_AFTER_MS, 0);
                              if (closeAfter > 0) {
                                channel
                                    .getIoThread()
                                    .executeAfter(
                                        () -> WebSockets.sendClose(1000, "done", channel, null),
                                        closeAfter,
                                        TimeUnit.MILLISECONDS);
                              }
                              channel
                                  .getReceiveSetter()
                                  .set(
                                      new AbstractReceiveListener() {
                                        @Override
                                        protected void onFullTextMessage(
                                            WebSocketChannel ch, BufferedTextMessage message) {
                                          WebSockets.sendText(message.getData(), ch, null);
                                        }
                                      });
                              channel.resumeReceives();
                            })))
            .build();
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    System.out.println("READY port=" + port);
  }
}
