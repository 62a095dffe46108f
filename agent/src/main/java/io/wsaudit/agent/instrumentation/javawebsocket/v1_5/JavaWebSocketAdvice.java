package io.wsaudit.agent.instrumentation.javawebsocket.v1_5;

import io.wsaudit.agent.bootstrap.WsAuditBridge;
import net.bytebuddy.asm.Advice;
import org.java_websocket.framing.CloseFrame;

/**
 * Advice inlined into Java-WebSocket that filters inline (the plain calls are {@code
 * BridgeAdvice}). Each one only hands references to the bridge; the work is done by {@code
 * linked.JavaWebSocketHooks}. Per frame, {@code sendFrame} filters inline, and the frame read and
 * write hooks note the frame's time. Advice never throws into the server ({@code suppress =
 * Throwable.class}).
 */
final class JavaWebSocketAdvice {

  private JavaWebSocketAdvice() {}

  /**
   * Every frame an application sends by {@code sendFrame} passes here: only close frames go
   * further.
   */
  static final class SendFrame {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object ws, @Advice.Argument(0) Object frame) {
      if (frame instanceof CloseFrame) {
        WsAuditBridge.hook(JavaWebSocketHookIds.CLOSE_SENT, ws, frame, null, null);
      }
    }
  }

  /** Every frame the server reads; close frames go on to {@code processFrameClosing}. */
  static final class FrameReceived {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) Object ws, @Advice.Argument(1) Object frame) {
      if (!(frame instanceof CloseFrame)) {
        WsAuditBridge.hook(JavaWebSocketHookIds.FRAME_RECEIVED, ws, null, null, null);
      }
    }
  }

  static final class IoError {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object server, @Advice.Argument(1) Object ws) {
      if (ws != null) {
        WsAuditBridge.hook(JavaWebSocketHookIds.IO_ERROR, server, ws, null, null);
      }
    }
  }
}
