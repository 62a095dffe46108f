package io.wsaudit.agent.it.apps;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import org.springframework.web.server.WebHandler;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.handler.ResponseStatusExceptionHandler;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A minimal Spring WebFlux application on Reactor Netty: a {@link WebSocketHandler} echo on {@code
 * /ws...} through {@link HandshakeWebSocketService} (what {@code WebSocketHandlerAdapter} does),
 * without a Spring Boot context. Query parameters {@code close_after_ms}, {@code code}, {@code
 * reason} make the server close first.
 */
public final class WebFluxEchoApp {

  public static void main(String[] args) {
    WebSocketHandler echo =
        session -> {
          MultiValueMap<String, String> params =
              UriComponentsBuilder.fromUri(session.getHandshakeInfo().getUri())
                  .build()
                  .getQueryParams();
          Mono<Void> echoes =
              session.send(session.receive().map(m -> session.textMessage(m.getPayloadAsText())));
          if (params.containsKey("close_after_ms")) {
            int code = Integer.parseInt(params.getOrDefault("code", List.of("4000")).get(0));
            String reason = params.getOrDefault("reason", List.of("server-bye")).get(0);
            Mono<Void> closer =
                Mono.delay(Duration.ofMillis(Long.parseLong(params.getFirst("close_after_ms"))))
                    .then(session.close(new CloseStatus(code, reason)));
            return echoes.and(closer);
          }
          return echoes;
        };
    HandshakeWebSocketService service =
        new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy());
    WebHandler web =
        exchange -> {
          if (exchange.getRequest().getPath().value().startsWith("/ws")) {
            return service.handleRequest(exchange, echo);
          }
          exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
          return exchange.getResponse().setComplete();
        };
    HttpHandler http =
        WebHttpHandlerBuilder.webHandler(web)
            .exceptionHandler(new ResponseStatusExceptionHandler())
            .build();
    DisposableServer server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(new ReactorHttpHandlerAdapter(http))
            .bindNow();
    Runtime.getRuntime().addShutdownHook(new Thread(server::disposeNow));
    System.out.println("READY port=" + ((InetSocketAddress) server.address()).getPort());
    // Reactor Netty's event loop threads are daemons: keep the JVM up until the server is disposed.
    server.onDispose().block();
  }

  private WebFluxEchoApp() {}
}
