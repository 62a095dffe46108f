package io.wsaudit.bench.servers;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;

/** Undertow 2.3, core API: a text echo on {@code /ws}, bound to 127.0.0.1. */
public final class UndertowBenchServer {

  private UndertowBenchServer() {}

  public static void main(String[] args) {
    int port = ServerSupport.port(args);
    Undertow server =
        Undertow.builder()
            .addHttpListener(port, "127.0.0.1")
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
                                            WebSocketChannel channel, BufferedTextMessage message) {
                                          WebSockets.sendText(message.getData(), channel, null);
                                        }
                                      });
                              channel.resumeReceives();
                            })))
            .build();
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    ServerSupport.ready(
        ((java.net.InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort());
  }
}
