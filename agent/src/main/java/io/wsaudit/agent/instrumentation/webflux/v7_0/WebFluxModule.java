package io.wsaudit.agent.instrumentation.webflux.v7_0;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.wsaudit.agent.instrumentation.InstrumentationModule;
import io.wsaudit.agent.instrumentation.MethodAdvice;
import io.wsaudit.agent.instrumentation.TypeInstrumentation;
import java.util.List;

/**
 * Spring WebFlux's own handshake checks ({@code HandshakeWebSocketService#handleRequest}): it
 * answers 405/400 for a wrong method, a missing {@code Upgrade: websocket}, a {@code Connection}
 * without {@code upgrade} or a missing key before Reactor Netty (and so the netty family) sees a
 * WebSocket request. This family records those rejections only; accepted upgrades are the netty
 * family's.
 */
public final class WebFluxModule implements InstrumentationModule {

  @Override
  public String family() {
    return "webflux";
  }

  @Override
  public int familyId() {
    return WebFluxHookIds.FAMILY;
  }

  @Override
  public String description() {
    return "spring-webflux 7.0 (rejections)";
  }

  @Override
  public String hooksClassName() {
    return WebFluxModule.class.getPackageName() + ".linked.WebFluxHooks";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        new TypeInstrumentation(
            "org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService",
            new MethodAdvice(
                "handleRequest(ServerWebExchange, WebSocketHandler)",
                named("handleRequest").and(takesArguments(2)),
                WebFluxModule.class.getPackageName() + ".WebFluxAdvice$HandleRequest")));
  }
}
