package io.wsaudit.agent.instrumentation.javawebsocket.v1_5;

import io.wsaudit.agent.bootstrap.WsAuditBridge;
import net.bytebuddy.asm.Advice;
import org.java_websocket.framing.CloseFrame;

/**
 * Advice inlined into Java-WebSocket. Each one only hands references to the bridge; the work is
 * done by {@code linked.JavaWebSocketHooks}. None of the advised methods runs per frame except
 * {@code sendFrame}, which filters inline. Advice never throws into the server ({@code suppress =
 * Throwable.class}).
 */
final class JavaWebSocketAdvice {

  private JavaWebSocketAdvice() {}

  /** Runs only while the connection is not yet open (the handshake phase). */
  static final class DecodeHandshake {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object ws) {
      WsAuditBridge.hook("java-websocket.handshakeEnter", ws, null, null, null);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.This Object ws) {
      WsAuditBridge.hook("java-websocket.handshakeExit", ws, null, null, null);
    }
  }

  static final class TranslateHandshake {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object draft, @Advice.Argument(0) Object buffer) {
      WsAuditBridge.hook("java-websocket.request", draft, buffer, null, null);
    }
  }

  /** Runs on a normal return only: the draft accepted and the 101 is about to be queued. */
  static final class Accepted {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object draft) {
      WsAuditBridge.hook("java-websocket.accepted", draft, null, null, null);
    }
  }

  static final class Open {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object ws) {
      WsAuditBridge.hook("java-websocket.open", ws, null, null, null);
    }
  }

  static final class WrongHandshake {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object ws, @Advice.Argument(0) Object exception) {
      WsAuditBridge.hook("java-websocket.rejected404", ws, exception, null, null);
    }
  }

  static final class InternalServerError {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object ws, @Advice.Argument(0) Object exception) {
      WsAuditBridge.hook("java-websocket.rejected500", ws, exception, null, null);
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
        WsAuditBridge.hook("java-websocket.closeSent", ws, frame, null, null);
      }
    }
  }

  static final class CloseReceived {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) Object ws, @Advice.Argument(1) Object frame) {
      WsAuditBridge.hook("java-websocket.closeReceived", ws, frame, null, null);
    }
  }

  static final class Eot {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object ws) {
      WsAuditBridge.hook("java-websocket.eot", ws, null, null, null);
    }
  }

  static final class CloseConnection {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object ws) {
      WsAuditBridge.hook("java-websocket.closeConnection", ws, null, null, null);
    }
  }

  /**
   * Once per connection per lost-connection interval (default 60 s): marks the checker's thread.
   */
  static final class LostCheck {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) Object ws) {
      WsAuditBridge.hook("java-websocket.lostCheckEnter", ws, null, null, null);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.Argument(0) Object ws) {
      WsAuditBridge.hook("java-websocket.lostCheckExit", ws, null, null, null);
    }
  }

  static final class IoError {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object server, @Advice.Argument(1) Object ws) {
      if (ws != null) {
        WsAuditBridge.hook("java-websocket.ioError", server, ws, null, null);
      }
    }
  }

  static final class Stop {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object server) {
      WsAuditBridge.hook("java-websocket.stop", server, null, null, null);
    }
  }
}
