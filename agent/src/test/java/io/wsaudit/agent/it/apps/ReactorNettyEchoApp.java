package io.wsaudit.agent.it.apps;

import java.net.InetSocketAddress;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Plain Reactor Netty (no Spring), API common to 1.2 and 1.3: an echo on {@code /ws} via {@code
 * HttpServer.route(r -> r.ws(...))}, on {@code /ws-close} a server close 4000 "server-bye" after
 * 200 ms, on {@code /ws-idle} a 1001 close from {@code Connection#onReadIdle} after 300 ms without
 * input.
 */
public final class ReactorNettyEchoApp {

  public static void main(String[] args) {
    DisposableServer server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(
                routes ->
                    routes
                        .ws("/ws", (in, out) -> out.sendString(in.receive().asString()))
                        .ws(
                            "/ws-idle",
                            (in, out) -> {
                              // Connection#onReadIdle: the application answers the idle event with
                              // a 1001 close frame.
                              in.withConnection(
                                  c ->
                                      c.onReadIdle(
                                          300, () -> out.sendClose(1001, "idle").subscribe()));
                              return out.sendString(in.receive().asString());
                            })
                        .ws(
                            "/ws-close",
                            (in, out) ->
                                Mono.delay(Duration.ofMillis(200))
                                    .then(out.sendClose(4000, "server-bye"))
                                    .and(in.receive().then())))
            .bindNow();
    Runtime.getRuntime().addShutdownHook(new Thread(server::disposeNow));
    System.out.println("READY port=" + ((InetSocketAddress) server.address()).getPort());
    server.onDispose().block();
  }

  private ReactorNettyEchoApp() {}
}
