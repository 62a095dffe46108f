package io.wsaudit.agent.instrumentation.vertx.v5_0;

import io.wsaudit.agent.bootstrap.WsAuditBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice inlined into Vert.x core; it names no Vert.x type and hands the request to {@code
 * linked.VertxHooks} after Vert.x has decided.
 */
final class VertxAdvice {

  private VertxAdvice() {}

  /** {@code Http1xServerConnection#createHandshaker}: the 400/405 Vert.x answers, then throws. */
  static final class CreateHandshaker {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Argument(0) Object request, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        WsAuditBridge.hook(VertxHookIds.HANDSHAKER_REFUSED, request, null, null, null);
      }
    }
  }
}
