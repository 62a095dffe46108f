package io.wsaudit.agent.instrumentation.netty.v4_1;

import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.wsaudit.agent.bootstrap.WsAuditBridge;
import java.io.IOException;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * Advice inlined into Netty. Each one hands references to the bridge; {@code linked.NettyHooks}
 * does the work. Advice on paths that run per exception filters inline first, so ordinary traffic
 * pays one {@code instanceof}; per frame, one bridge call notes the frame's time. Advice never
 * throws into Netty ({@code suppress = Throwable.class}).
 */
final class NettyAdvice {

  private NettyAdvice() {}

  /**
   * {@code WebSocketServerHandshaker#handshake(Channel, FullHttpRequest, HttpHeaders,
   * ChannelPromise)} or {@code #handshake0(ChannelOutboundInvoker, Channel, FullHttpRequest,
   * HttpHeaders, ChannelPromise)}: the decision (101, or a handshake exception). The arguments go
   * as they are; the hooks pick the channel and the request.
   */
  static final class Handshake {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object handshaker) {
      return WsAuditBridge.hook(NettyHookIds.HANDSHAKE_START, handshaker, null, null, null);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.This Object handshaker,
        @Advice.AllArguments Object[] args,
        @Advice.Enter Object start,
        @Advice.Thrown Throwable thrown) {
      WsAuditBridge.hook(NettyHookIds.HANDSHAKE_END, handshaker, args, start, thrown);
    }
  }

  /** The handshaker factory found no handshaker for the request's version: a 426 follows. */
  static final class ResolveHandshaker {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.Argument(0) Object request, @Advice.Return Object handshaker) {
      if (handshaker == null) {
        WsAuditBridge.hook(NettyHookIds.NO_HANDSHAKER, request, null, null, null);
      }
    }
  }

  /**
   * Runs for every outgoing frame: a close frame goes to the close path, any other frame only notes
   * that one was sent (a ping also that the server pings).
   */
  static final class FrameEncode {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) Object ctx, @Advice.Argument(1) Object frame) {
      if (frame instanceof CloseWebSocketFrame) {
        WsAuditBridge.hook(NettyHookIds.CLOSE_SENT, ctx, frame, null, null);
      } else {
        WsAuditBridge.hook(
            frame instanceof PingWebSocketFrame ? NettyHookIds.PING_SENT : NettyHookIds.FRAME_SENT,
            ctx,
            null,
            null,
            null);
      }
    }
  }

  /**
   * The decoder returns after each frame it adds to {@code out}, so a grown list is one frame
   * received; close frames are left to {@link CloseReceived}.
   */
  static final class FrameDecode {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static int enter(@Advice.Argument(2) List<?> out) {
      return out.size();
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.Argument(0) Object ctx, @Advice.Argument(2) List<?> out, @Advice.Enter int before) {
      int size = out.size();
      if (size > before && !(out.get(size - 1) instanceof CloseWebSocketFrame)) {
        WsAuditBridge.hook(NettyHookIds.FRAME_RECEIVED, ctx, null, null, null);
      }
    }
  }

  static final class ProtocolViolation {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) Object ctx, @Advice.Argument(2) Object exception) {
      WsAuditBridge.hook(NettyHookIds.PROTOCOL_VIOLATION, ctx, exception, null, null);
    }
  }

  /** Runs for every exception fired through a pipeline: only I/O errors go further. */
  static final class PipelineException {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object pipeline, @Advice.Argument(0) Throwable cause) {
      if (cause instanceof IOException) {
        WsAuditBridge.hook(NettyHookIds.IO_ERROR, pipeline, cause, null, null);
      }
    }
  }

  /**
   * Idle events are rare; nested calls (a subclass calling {@code super.channelIdle}) restore the
   * outer value.
   */
  static final class ChannelIdle {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Argument(0) Object ctx) {
      return WsAuditBridge.hook(NettyHookIds.IDLE_START, ctx, null, null, null);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Argument(0) Object ctx, @Advice.Enter Object previous) {
      WsAuditBridge.hook(NettyHookIds.IDLE_END, ctx, previous, null, null);
    }
  }
}
