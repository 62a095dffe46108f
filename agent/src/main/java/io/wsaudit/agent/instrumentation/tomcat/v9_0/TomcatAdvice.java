package io.wsaudit.agent.instrumentation.tomcat.v9_0;

import io.wsaudit.agent.bootstrap.WsAuditBridge;
import net.bytebuddy.asm.Advice;
import org.apache.coyote.Request;
import org.apache.tomcat.util.http.MimeHeaders;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.websocket.MessagePart;

/**
 * Advice inlined into Tomcat. It names only Tomcat's own classes (never a servlet or WebSocket spec
 * type, which are {@code javax} in 9.0 and {@code jakarta} from 10), hands references to the bridge
 * and does the rest in {@code linked.TomcatHooks}. Advice on per-request, per-read and per-frame
 * paths filters inline first.
 */
final class TomcatAdvice {

  private TomcatAdvice() {}

  /**
   * Runs for every HTTP response Tomcat commits, so only responses to requests that carry {@code
   * Upgrade} or {@code Sec-WebSocket-Key} go further. {@code keepAlive} is final here (after {@code
   * statusDropsConnection}).
   */
  static final class ResponsePrepared {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.This Object processor,
        @Advice.FieldValue("request") Request request,
        @Advice.FieldValue("socketWrapper") Object socketWrapper,
        @Advice.FieldValue("keepAlive") boolean keepAlive) {
      MimeHeaders headers = request.getMimeHeaders();
      if (headers.getValue("upgrade") != null || headers.getValue("sec-websocket-key") != null) {
        WsAuditBridge.hook(
            TomcatHookIds.RESPONSE_PREPARED,
            processor,
            request,
            socketWrapper,
            keepAlive ? Boolean.TRUE : Boolean.FALSE);
      }
    }
  }

  static final class SessionOpen {
    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(
        @Advice.This Object handler,
        @Advice.FieldValue("socketWrapper") Object socketWrapper,
        @Advice.FieldValue("wsSession") Object session) {
      WsAuditBridge.hook(TomcatHookIds.SESSION_OPEN, handler, socketWrapper, session, null);
    }
  }

  /** Runs per socket event; reads and writes (the message path) are filtered out inline. */
  static final class Dispatch {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(
        @Advice.This Object handler,
        @Advice.Argument(0) SocketEvent event,
        @Advice.FieldValue("wsSession") Object session,
        @Advice.FieldValue("socketWrapper") Object socketWrapper) {
      if (event != SocketEvent.OPEN_READ && event != SocketEvent.OPEN_WRITE) {
        WsAuditBridge.hook(TomcatHookIds.DISPATCH, handler, event.name(), session, socketWrapper);
      }
    }
  }

  static final class Destroy {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(
        @Advice.This Object handler,
        @Advice.FieldValue("socketWrapper") Object socketWrapper,
        @Advice.FieldValue("wsSession") Object session) {
      WsAuditBridge.hook(TomcatHookIds.DESTROY, handler, socketWrapper, session, null);
    }
  }

  /**
   * Runs per read; only a read that failed (end of stream, I/O error, protocol error) goes further.
   */
  static final class ReadFailed {
    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(
        @Advice.Thrown Throwable thrown, @Advice.FieldValue("wsSession") Object session) {
      if (thrown != null) {
        WsAuditBridge.hook(TomcatHookIds.READ_FAILED, null, session, thrown, null);
      }
    }
  }

  /**
   * Runs per frame header (again when its first two bytes had not all arrived); once they are read,
   * any frame but a close frame (opcode 8) counts as received.
   */
  static final class FrameHeaderRead {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.Return boolean complete,
        @Advice.FieldValue("opCode") byte opCode,
        @Advice.FieldValue("wsSession") Object session) {
      if (complete && opCode != 8 && session != null) {
        WsAuditBridge.hook(TomcatHookIds.FRAME_RECEIVED, null, session, null, null);
      }
    }
  }

  /**
   * Every frame Tomcat writes, blocking or not, queued or not, passes here once; close frames go to
   * {@link CloseSent}. This code runs inlined in {@code MessagePart}'s package, so it needs no
   * public access to it.
   */
  static final class FrameWrite {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(
        @Advice.FieldValue("wsSession") Object session, @Advice.Argument(0) MessagePart part) {
      byte opCode = part.getOpCode();
      if (opCode != 8 && session != null) {
        WsAuditBridge.hook(
            opCode == 9 ? TomcatHookIds.PING_SENT : TomcatHookIds.FRAME_SENT,
            null,
            session,
            null,
            null);
      }
    }
  }

  /** Runs per control frame (ping, pong, close); only a close frame (opcode 8) goes further. */
  static final class ControlFrame {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(
        @Advice.FieldValue("opCode") byte opCode,
        @Advice.FieldValue("wsSession") Object session,
        @Advice.FieldValue("controlBufferBinary") Object payload) {
      if (opCode == 8) {
        WsAuditBridge.hook(TomcatHookIds.CLOSE_FRAME_IN, null, session, payload, null);
      }
    }
  }
}
