package io.wsaudit.agent.instrumentation.webflux.v7_0;

import static io.wsaudit.agent.instrumentation.BridgeAdvice.ENTER_ARG0;
import static io.wsaudit.agent.instrumentation.webflux.v7_0.WebFluxHookIds.FAMILY;
import static io.wsaudit.agent.instrumentation.webflux.v7_0.WebFluxHookIds.HANDLE_REQUEST;

import io.wsaudit.agent.instrumentation.FamilyModule;

/**
 * Spring WebFlux's own handshake checks ({@code HandshakeWebSocketService#handleRequest}): it
 * answers 405/400 for a wrong method, a missing {@code Upgrade: websocket}, a {@code Connection}
 * without {@code upgrade} or a missing key before Reactor Netty (and so the netty family) sees a
 * WebSocket request. This family records those rejections only; accepted upgrades are the netty
 * family's.
 */
public final class WebFluxModule extends FamilyModule {

  public WebFluxModule() {
    super("webflux", FAMILY, "spring-webflux 7.0 (rejections)");
    type("org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService")
        .hook(
            "handleRequest(ServerWebExchange, WebSocketHandler)",
            method("handleRequest", 2),
            ENTER_ARG0,
            HANDLE_REQUEST);
  }
}
