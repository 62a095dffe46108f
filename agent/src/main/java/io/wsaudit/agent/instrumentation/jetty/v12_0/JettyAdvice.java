package io.wsaudit.agent.instrumentation.jetty.v12_0;

import io.wsaudit.agent.bootstrap.WsAuditBridge;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.OutgoingEntry;

/**
 * Advice inlined into Jetty. Each one only hands references to the bridge; the work is done by
 * {@code linked.JettyHooks}. Advice on per-request paths filters inline (upgrade headers), so
 * ordinary requests never leave the method; per frame, one bridge call notes the frame's time.
 * Advice never throws into Jetty.
 */
final class JettyAdvice {

  private JettyAdvice() {}

  /**
   * Jetty's "is this an upgrade?" check; runs per request on a WebSocket path, so only upgrade
   * attempts go on. The handshaker (a core class) is passed as {@code self}: the hooks are chosen
   * by its class loader, the one the session and connection hooks use too, even when the request is
   * an ee10 {@code ServletCoreRequest} from an environment class loader (standalone Jetty 12).
   */
  static final class UpgradeCheck {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object handshaker, @Advice.Argument(0) Request request) {
      HttpFields headers = request.getHeaders();
      if (headers.contains(HttpHeader.UPGRADE)
          || headers.contains(HttpHeader.SEC_WEBSOCKET_KEY)
          || headers.contains(HttpHeader.SEC_WEBSOCKET_VERSION)) {
        WsAuditBridge.hook(JettyHookIds.UPGRADE_CHECK, handshaker, request, null, null);
      }
    }
  }

  /** Runs per HTTP/1 request; only a refusal (an exception) goes further. */
  static final class HttpUpgradeRefused {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.This Object stream,
        @Advice.FieldValue("this$0") Object connection,
        @Advice.FieldValue("_request") Object request,
        @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        WsAuditBridge.hook(JettyHookIds.HTTP_UPGRADE_REFUSED, stream, connection, request, thrown);
      }
    }
  }

  /**
   * Every outgoing frame passes here: a CLOSE frame goes to the close path, any other frame only
   * notes that one was sent (a PING also that the server pings).
   */
  static final class SendFrame {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(
        @Advice.This Object session,
        @Advice.FieldValue("connection") Object connection,
        @Advice.Argument(0) Object frameOrEntry) {
      // 12.0: sendFrame(Frame, Callback, boolean); 12.1: sendFrame(OutgoingEntry). The 12.1 type is
      // only
      // touched when the argument is not a Frame, so 12.0 never resolves it.
      Frame frame =
          frameOrEntry instanceof Frame
              ? (Frame) frameOrEntry
              : ((OutgoingEntry) frameOrEntry).getFrame();
      if (frame == null) {
        return;
      }
      byte opCode = frame.getOpCode();
      if (opCode == OpCode.CLOSE) {
        WsAuditBridge.hook(JettyHookIds.CLOSE_SENT, session, connection, frame, null);
      } else {
        WsAuditBridge.hook(
            opCode == OpCode.PING ? JettyHookIds.PING_SENT : JettyHookIds.FRAME_SENT,
            session,
            connection,
            null,
            null);
      }
    }
  }

  /**
   * Every incoming frame passes here: a CLOSE frame goes to the close path, any other frame only
   * notes that one was received.
   */
  static final class FrameReceived {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(
        @Advice.This Object session,
        @Advice.FieldValue("connection") Object connection,
        @Advice.Argument(0) Frame frame) {
      if (frame == null) {
        return;
      }
      if (frame.getOpCode() == OpCode.CLOSE) {
        WsAuditBridge.hook(JettyHookIds.CLOSE_RECEIVED, session, connection, frame, null);
      } else {
        WsAuditBridge.hook(JettyHookIds.FRAME_RECEIVED, session, connection, null, null);
      }
    }
  }

  static final class Eof {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(
        @Advice.This Object session, @Advice.FieldValue("connection") Object connection) {
      WsAuditBridge.hook(JettyHookIds.EOF, session, connection, null, null);
    }
  }

  static final class ConnectionError {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(
        @Advice.This Object session,
        @Advice.FieldValue("connection") Object connection,
        @Advice.Argument(0) Throwable cause) {
      WsAuditBridge.hook(JettyHookIds.CONNECTION_ERROR, session, connection, cause, null);
    }
  }
}
