package io.wsaudit.agent.instrumentation.tomcat.v9_0.linked;

import io.wsaudit.agent.instrumentation.FamilyHooks;
import io.wsaudit.agent.instrumentation.HookContext;
import io.wsaudit.agent.instrumentation.tomcat.v9_0.TomcatHookIds;
import io.wsaudit.agent.telemetry.FrameActivities;
import io.wsaudit.agent.telemetry.FrameActivity;
import io.wsaudit.agent.telemetry.HandshakeCheck;
import io.wsaudit.agent.telemetry.HandshakeDecision;
import io.wsaudit.agent.telemetry.RequestHeaders;
import io.wsaudit.contract.WsAuditSpans.Cause;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.coyote.Request;
import org.apache.coyote.http11.Http11Processor;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.websocket.WsIOException;
import org.apache.tomcat.websocket.WsSession;

/**
 * Reads Tomcat's objects at the hook points {@code TomcatModule} instruments and reports to
 * telemetry. Compiled against Tomcat 11 but uses only Tomcat's own classes (identical in 9.0, 10.1
 * and 11.0); the spec's {@code CloseReason} is read through {@link CloseReasons}.
 */
public final class TomcatHooks extends FamilyHooks {

  /**
   * The checks Tomcat makes, in its order: {@code WsFilter} passes a request to {@code
   * UpgradeUtil#doUpgrade} only with {@code Upgrade: websocket} and GET (else the request goes on
   * to the application, usually a 404); then {@code doUpgrade} checks Connection (400), version
   * (426), key (400) and origin (403). No HTTP version check.
   */
  private static final HandshakeCheck[] CHECKS = {
    HandshakeCheck.UPGRADE_WEBSOCKET, HandshakeCheck.METHOD_GET, HandshakeCheck.CONNECTION_UPGRADE,
    HandshakeCheck.VERSION_13, HandshakeCheck.KEY_PRESENT, HandshakeCheck.ORIGIN_ALLOWED
  };

  private final String server;

  /**
   * The upgraded sessions the agent tracks, as their records: in the field {@code TomcatModule}
   * gives {@code WsSession}, else (the class was loaded before the agent) in a map. No lock on the
   * message path.
   */
  private final FrameActivities frames;

  /**
   * What the close path notes about a tracked session, from the first sign of its closing: an open
   * session has no entry, so holding it costs its record only. Weak, and emptied when Tomcat
   * destroys the upgrade handler.
   */
  private final Map<WsSession, ClosingSession> closing =
      Collections.synchronizedMap(new WeakHashMap<>());

  public TomcatHooks(HookContext context) {
    super(context);
    this.server = "tomcat-" + TomcatVersion.majorMinor();
    this.frames = telemetry.newFrameActivities();
  }

  @Override
  public Object on(int hook, Object self, Object a0, Object a1, Object a2) {
    switch (hook) {
      case TomcatHookIds.RESPONSE_PREPARED:
        responsePrepared(
            (Http11Processor) self, (Request) a0, (SocketWrapperBase<?>) a1, (Boolean) a2);
        break;
      case TomcatHookIds.FRAME_RECEIVED:
        frames.received(a0);
        break;
      case TomcatHookIds.FRAME_SENT:
        frames.sent(a0);
        break;
      case TomcatHookIds.PING_SENT:
        frames.pingSent(a0);
        break;
      case TomcatHookIds.SESSION_OPEN:
        sessionOpen((SocketWrapperBase<?>) a0, (WsSession) a1);
        break;
      case TomcatHookIds.DISPATCH:
        dispatch((String) a0, (WsSession) a1, (SocketWrapperBase<?>) a2);
        break;
      case TomcatHookIds.DESTROY:
        destroy((SocketWrapperBase<?>) a0, (WsSession) a1);
        break;
      case TomcatHookIds.READ_FAILED:
        readFailed((WsSession) a0, (Throwable) a1);
        break;
      case TomcatHookIds.CLOSE_FRAME_IN:
        closeFrameIn((WsSession) a0, (ByteBuffer) a1);
        break;
      case TomcatHookIds.ON_CLOSE:
        onClose((WsSession) self);
        break;
      case TomcatHookIds.CLOSE_SENT:
        closeSent((WsSession) self, a0);
        break;
      default:
        return context.unknownHook(hook);
    }
    return null;
  }

  /**
   * Tomcat commits the response to a request that looks like a WebSocket upgrade: the status is
   * final, and so is {@code keepAlive}. A 101 always keeps the socket ({@code
   * Http11Processor#service} returns {@code UPGRADING} before it looks at {@code keepAlive}), even
   * when the 101 carries {@code Connection: close} (HTTP/1.0).
   */
  private void responsePrepared(
      Http11Processor processor, Request request, SocketWrapperBase<?> socket, Boolean keepAlive) {
    RequestHeaders headers = new CoyoteHeaders(request.getMimeHeaders());
    if (!headers.hasToken("upgrade", "websocket") && headers.first("sec-websocket-key") == null) {
      return; // another protocol's upgrade (h2c), not a WebSocket attempt
    }
    int status = request.getResponse().getStatus();
    boolean upgraded = status == 101 && processor.isUpgrade();
    HandshakeDecision decision =
        new HandshakeDecision()
            .server(server)
            .startEpochNanos(CoyoteRequests.startEpochNanos(request, telemetry))
            .method(request.method().toString())
            .path(request.requestURI().toString())
            .protocol(request.protocol().toString())
            .status(status)
            .upgraded(upgraded)
            .keepAlive(upgraded || Boolean.TRUE.equals(keepAlive))
            .peer(Sockets.peer(socket))
            .local(Sockets.local(socket))
            .headers(headers);
    if (!upgraded) {
      decision.rejection(HandshakeCheck.classify(decision, CHECKS));
    }
    telemetry.handshake(decision);
  }

  private void sessionOpen(SocketWrapperBase<?> socket, WsSession session) {
    if (socket == null || session == null) {
      return;
    }
    long key = Sockets.key(socket);
    FrameActivity activity = telemetry.frameActivity(key);
    if (activity != null) {
      frames.put(session, activity);
    }
  }

  /**
   * A socket event other than read/write; before {@code init} (no session yet) the socket names the
   * connection.
   */
  private void dispatch(String event, WsSession session, SocketWrapperBase<?> socket) {
    FrameActivity record = frames.get(session);
    if (record == null && socket == null) {
      return;
    }
    long key = record != null ? record.connectionKey() : Sockets.key(socket);
    switch (event) {
      case "STOP":
        telemetry.serverClosing(key, Cause.SHUTDOWN);
        break;
      case "ERROR":
        transportEnded(session, record, key, Cause.IO_ERROR);
        break;
      case "DISCONNECT":
        transportEnded(session, record, key, Cause.EOF);
        break;
      default:
        break;
    }
  }

  /** Tomcat releases the upgraded connection: it is gone. */
  private void destroy(SocketWrapperBase<?> socket, WsSession session) {
    FrameActivity record = frames.get(session);
    if (session != null) {
      closing.remove(session);
      frames.remove(session);
    }
    if (record != null || socket != null) {
      telemetry.connectionGone(
          record != null ? record.connectionKey() : Sockets.key(socket), Cause.UNKNOWN);
    }
  }

  /**
   * A read failed. End of stream or an I/O error: the peer is gone, and the close frame Tomcat then
   * tries to send goes nowhere, so it is not counted as a server close. A {@code WsIOException} is
   * a protocol error whose close frame Tomcat does send.
   */
  private void readFailed(WsSession session, Throwable thrown) {
    FrameActivity record = frames.get(session);
    if (record == null) {
      return;
    }
    ClosingSession s = closing.get(session);
    if (s != null) {
      s.peerClosePayload = null;
    }
    if (thrown instanceof WsIOException) {
      return;
    }
    transportEnded(
        session,
        record,
        record.connectionKey(),
        thrown instanceof EOFException ? Cause.EOF : Cause.IO_ERROR);
  }

  private void transportEnded(WsSession session, FrameActivity record, long key, String cause) {
    if (record != null) {
      closing(session, record).transportEnded = true;
    }
    telemetry.transportEnded(key, cause);
  }

  /** The session's closing notes, made at the first need (the session is tracked). */
  private ClosingSession closing(WsSession session, FrameActivity record) {
    return closing.computeIfAbsent(session, s -> new ClosingSession(record.connectionKey()));
  }

  /** The peer's close frame is being processed; its payload is read once Tomcat has decoded it. */
  private void closeFrameIn(WsSession session, ByteBuffer payload) {
    FrameActivity record = frames.get(session);
    if (record != null) {
      closing(session, record).peerClosePayload = payload;
    }
  }

  /**
   * {@code WsSession#onClose} runs for the peer's close frame (from {@code
   * WsFrameBase#processDataControl}, before Tomcat echoes it) and for read errors; only the first
   * carries a payload noted by {@link #closeFrameIn}.
   */
  private void onClose(WsSession session) {
    // Only a tracked session has notes; one whose peer's close frame was noted has a payload.
    ClosingSession s = closing.get(session);
    if (s == null || s.peerClosePayload == null) {
      return;
    }
    ByteBuffer payload = s.peerClosePayload.duplicate();
    s.peerClosePayload = null;
    int code =
        1005; // an empty close frame carries no code (RFC 6455 section 7.4.1); Tomcat reports it as
    // 1000
    String reason = null;
    if (payload.limit() >= 2) {
      code = payload.getShort(0) & 0xFFFF;
      payload.position(2);
      reason = StandardCharsets.UTF_8.decode(payload).toString();
    }
    s.peerClosed = true;
    telemetry.closeFrameReceived(s.key, code, reason);
  }

  /** Tomcat writes a close frame; a 1006 (never allowed on the wire) goes out as 1002. */
  private void closeSent(WsSession session, Object closeReason) {
    FrameActivity record = frames.get(session);
    if (record == null) {
      return;
    }
    ClosingSession s = closing.get(session);
    if (s != null && s.transportEnded) {
      return;
    }
    long key = record.connectionKey();
    int code = CloseReasons.code(closeReason);
    if (code == 1006) {
      code = 1002;
    }
    // Answering the peer's close frame: the peer closed, no need to walk the stack for the server's
    // reason.
    String hint = s != null && s.peerClosed ? null : CloseCallers.serverCause();
    if (hint != null) {
      telemetry.serverClosing(key, hint);
    }
    telemetry.closeFrameSent(key, code, CloseReasons.reason(closeReason));
  }

  /** What the close path notes about one tracked session. */
  private static final class ClosingSession {
    final long key;
    volatile boolean transportEnded;

    /** The peer's close frame arrived first. */
    volatile boolean peerClosed;

    volatile ByteBuffer peerClosePayload;

    ClosingSession(long key) {
      this.key = key;
    }
  }
}
