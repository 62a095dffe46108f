package io.wsaudit.e2e.apps;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.net.InetSocketAddress;

/**
 * A sample Undertow 2.3 application: a WebSocket echo on {@code /ws} (core API), on 127.0.0.1, a
 * free port.
 */
public final class UndertowEchoApp {

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
