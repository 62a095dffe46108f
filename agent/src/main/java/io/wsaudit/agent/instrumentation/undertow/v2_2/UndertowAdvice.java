package io.wsaudit.agent.instrumentation.undertow.v2_2;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketFrameType;
import io.wsaudit.agent.bootstrap.WsAuditBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice inlined into Undertow that filters or picks its arguments (the plain calls are {@code
 * BridgeAdvice}). Each one only hands JDK-typed references to the bridge; the work is done by
 * {@code linked.UndertowHooks}. Advice never throws into the server ({@code suppress =
 * Throwable.class}).
 */
final class UndertowAdvice {

  private UndertowAdvice() {}

  /**
   * Runs for every HTTP exchange, so it filters inline: only requests that ask for an upgrade go
   * further.
   */
  static final class ExchangeComplete {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) HttpServerExchange exchange) {
      if (exchange.getRequestHeaders().contains(Headers.SEC_WEB_SOCKET_KEY)
          || exchange.getRequestHeaders().contains(Headers.UPGRADE)) {
        WsAuditBridge.hook(UndertowHookIds.EXCHANGE_COMPLETE, null, exchange, null, null);
      }
    }
  }

  /**
   * Every frame the channel reads that starts a message part (continuation frames of a fragmented
   * message go to the existing part's channel without passing here); close frames excluded.
   */
  static final class FrameReceived {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.This Object channel, @Advice.Return StreamSourceFrameChannel received) {
      if (received != null && received.getType() != WebSocketFrameType.CLOSE) {
        WsAuditBridge.hook(UndertowHookIds.FRAME_RECEIVED, channel, null, null, null);
      }
    }
  }

  /** Every frame the server sends opens a sink of its type here; close frames excluded. */
  static final class FrameSend {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object channel, @Advice.Argument(0) WebSocketFrameType type) {
      if (type != WebSocketFrameType.CLOSE) {
        WsAuditBridge.hook(
            type == WebSocketFrameType.PING
                ? UndertowHookIds.PING_SENT
                : UndertowHookIds.FRAME_SENT,
            channel,
            null,
            null,
            null);
      }
    }
  }

  static final class SendClose {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) Object closeMessage, @Advice.Argument(1) Object channel) {
      WsAuditBridge.hook(UndertowHookIds.SEND_CLOSE, null, channel, closeMessage, null);
    }
  }
}
