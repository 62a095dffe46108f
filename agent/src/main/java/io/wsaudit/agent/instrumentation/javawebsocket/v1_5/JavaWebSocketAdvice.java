package io.wsaudit.agent.instrumentation.javawebsocket.v1_5;

import io.wsaudit.agent.bootstrap.WsAuditBridge;
import net.bytebuddy.asm.Advice;
import org.java_websocket.framing.CloseFrame;

/**
 * Advice inlined into Java-WebSocket. Each one only hands references to the bridge; the work is
 * done by {@code linked.JavaWebSocketHooks}. Per frame, {@code sendFrame} filters inline, and the
 * frame read and write hooks note the frame's time. Advice never throws into the server ({@code
 * suppress = Throwable.class}).
 */
final class JavaWebSocketAdvice {

  private JavaWebSocketAdvice() {}

  /** Runs only while the connection is not yet open (the handshake phase). */
  static final class DecodeHandshake {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object ws) {
      WsAuditBridge.hook(JavaWebSocketHookIds.HANDSHAKE_ENTER, ws, null, null, null);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.This Object ws) {
      WsAuditBridge.hook(JavaWebSocketHookIds.HANDSHAKE_EXIT, ws, null, null, null);
    }
  }

  static final class TranslateHandshake {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object draft, @Advice.Argument(0) Object buffer) {
      WsAuditBridge.hook(JavaWebSocketHookIds.REQUEST, draft, buffer, null, null);
    }
  }

  /** Runs on a normal return only: the draft accepted and the 101 is about to be queued. */
  static final class Accepted {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object draft) {
      WsAuditBridge.hook(JavaWebSocketHookIds.ACCEPTED, draft, null, null, null);
    }
  }

  static final class Open {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object ws) {
      WsAuditBridge.hook(JavaWebSocketHookIds.OPEN, ws, null, null, null);
    }
  }

  static final class WrongHandshake {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object ws, @Advice.Argument(0) Object exception) {
      WsAuditBridge.hook(JavaWebSocketHookIds.REJECTED404, ws, exception, null, null);
    }
  }

  static final class InternalServerError {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object ws, @Advice.Argument(0) Object exception) {
      WsAuditBridge.hook(JavaWebSocketHookIds.REJECTED500, ws, exception, null, null);
    }
  }

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

  /** Every frame the server reads; close frames go on to {@link CloseReceived}. */
  static final class FrameReceived {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) Object ws, @Advice.Argument(1) Object frame) {
      if (!(frame instanceof CloseFrame)) {
        WsAuditBridge.hook(JavaWebSocketHookIds.FRAME_RECEIVED, ws, null, null, null);
      }
    }
  }

  /**
   * Every frame the server writes (messages, pongs, pings, close frames) goes through the private
   * {@code send(Collection)}. Noted on entry: once it has queued the frames, the selector thread
   * may put them on the wire (and the peer answer and leave) before this thread runs again.
   */
  static final class FramesSent {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object ws, @Advice.Argument(0) Object frames) {
      WsAuditBridge.hook(JavaWebSocketHookIds.FRAMES_SENT, ws, frames, null, null);
    }
  }

  static final class CloseReceived {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) Object ws, @Advice.Argument(1) Object frame) {
      WsAuditBridge.hook(JavaWebSocketHookIds.CLOSE_RECEIVED, ws, frame, null, null);
    }
  }

  static final class Eot {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object ws) {
      WsAuditBridge.hook(JavaWebSocketHookIds.EOT, ws, null, null, null);
    }
  }

  static final class CloseConnection {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object ws) {
      WsAuditBridge.hook(JavaWebSocketHookIds.CLOSE_CONNECTION, ws, null, null, null);
    }
  }

  /**
   * Once per connection per lost-connection interval (default 60 s): marks the checker's thread.
   */
  static final class LostCheck {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) Object ws) {
      WsAuditBridge.hook(JavaWebSocketHookIds.LOST_CHECK_ENTER, ws, null, null, null);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.Argument(0) Object ws) {
      WsAuditBridge.hook(JavaWebSocketHookIds.LOST_CHECK_EXIT, ws, null, null, null);
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

  static final class Stop {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object server) {
      WsAuditBridge.hook(JavaWebSocketHookIds.STOP, server, null, null, null);
    }
  }
}
