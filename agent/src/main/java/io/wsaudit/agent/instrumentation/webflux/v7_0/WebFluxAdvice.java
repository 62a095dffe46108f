package io.wsaudit.agent.instrumentation.webflux.v7_0;

import io.wsaudit.agent.bootstrap.WsAuditBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice inlined into Spring WebFlux; it names no Spring type and hands the exchange to {@code
 * linked.WebFluxHooks}. It runs only for requests routed to a WebSocket handler.
 */
final class WebFluxAdvice {

  private WebFluxAdvice() {}

  static final class HandleRequest {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) Object exchange) {
      WsAuditBridge.hook(WebFluxHookIds.HANDLE_REQUEST, exchange, null, null, null);
    }
  }
}
