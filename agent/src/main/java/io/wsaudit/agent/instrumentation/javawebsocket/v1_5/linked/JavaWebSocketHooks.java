package io.wsaudit.agent.instrumentation.javawebsocket.v1_5.linked;

import io.wsaudit.agent.instrumentation.FamilyHooks;
import io.wsaudit.agent.instrumentation.HookContext;
import io.wsaudit.agent.instrumentation.javawebsocket.v1_5.JavaWebSocketHookIds;
import io.wsaudit.agent.telemetry.ConnectionKey;
import io.wsaudit.agent.telemetry.FrameActivities;
import io.wsaudit.agent.telemetry.HandshakeDecision;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.server.WebSocketServer;

/**
 * Reads Java-WebSocket's objects at the hook points {@code JavaWebSocketModule} instruments and
 * reports to telemetry.
 *
 * <p>The handshake runs on one worker thread inside {@code WebSocketImpl#decodeHandshake}: the
 * request bytes (seen in {@code Draft#translateHandshake}) and the decision (the 101 built, or the
 * 404/500 writer) are joined by a thread-local that lives exactly as long as that call. Only
 * server-side connections (whose listener is a {@link WebSocketServer}) are reported; {@code
 * WebSocketClient}s in the same JVM are left alone.
 */
public final class JavaWebSocketHooks extends FamilyHooks {

  private final String server;

  /** Tracked connections' frame activity, for the per-frame hooks: no lock, no allocation. */
  private final FrameActivities frames;

  /** The handshake being decoded on this thread. */
  private final ThreadLocal<Attempt> attempt = new ThreadLocal<>();

  /** The connection the lost-connection checker is examining on this thread. */
  private final ThreadLocal<Object> lostCheck = new ThreadLocal<>();

  public JavaWebSocketHooks(HookContext context) {
    super(context);
    this.server = "java-websocket-" + JavaWebSocketVersion.majorMinor();
    this.frames = telemetry.newFrameActivities();
  }

  @Override
  public Object on(int hook, Object self, Object a0, Object a1, Object a2) {
    switch (hook) {
      case JavaWebSocketHookIds.FRAME_RECEIVED:
        frames.received(self);
        break;
      case JavaWebSocketHookIds.FRAMES_SENT:
        SentFrames.note(frames.get(self), a0);
        break;
      case JavaWebSocketHookIds.HANDSHAKE_ENTER:
        handshakeEnter((WebSocketImpl) self);
        break;
      case JavaWebSocketHookIds.HANDSHAKE_EXIT:
        attempt.remove();
        break;
      case JavaWebSocketHookIds.REQUEST:
        request((ByteBuffer) a0);
        break;
      case JavaWebSocketHookIds.ACCEPTED:
        accepted();
        break;
      case JavaWebSocketHookIds.OPEN:
        decided((WebSocketImpl) self, 101, true);
        break;
      case JavaWebSocketHookIds.REJECTED404:
        decided((WebSocketImpl) self, 404, false);
        break;
      case JavaWebSocketHookIds.REJECTED500:
        decided((WebSocketImpl) self, 500, false);
        break;
      case JavaWebSocketHookIds.CLOSE_SENT:
        closeSent((WebSocketImpl) self, (CloseFrame) a0);
        break;
      case JavaWebSocketHookIds.CLOSE_RECEIVED:
        closeReceived((WebSocketImpl) self, a0);
        break;
      case JavaWebSocketHookIds.EOT:
        eot((WebSocketImpl) self);
        break;
      case JavaWebSocketHookIds.IO_ERROR:
        ioError(a0);
        break;
      case JavaWebSocketHookIds.CLOSE_CONNECTION:
        closeConnection((WebSocketImpl) self);
        break;
      case JavaWebSocketHookIds.LOST_CHECK_ENTER:
        lostCheck.set(self);
        break;
      case JavaWebSocketHookIds.LOST_CHECK_EXIT:
        lostCheck.remove();
        break;
      case JavaWebSocketHookIds.STOP:
        stop((WebSocketServer) self);
        break;
      default:
        return context.unknownHook(hook);
    }
    return null;
  }

  private void handshakeEnter(WebSocketImpl ws) {
    if (isServerSide(ws)) {
      attempt.set(new Attempt(ws, telemetry.now()));
    }
  }

  /**
   * The bytes the server is about to parse: the whole request so far (partial reads are joined by
   * the server).
   */
  private void request(ByteBuffer buffer) {
    Attempt a = attempt.get();
    if (a != null && buffer != null) {
      a.head = RequestHead.parse(buffer);
    }
  }

  /** The draft built the 101 for the connection being decoded on this thread. */
  private void accepted() {
    Attempt a = attempt.get();
    if (a != null) {
      decided(a.ws, 101, true);
    }
  }

  /**
   * The server decided: the 101 was built (or, on the multi-step path that builds none, {@code
   * open} runs), or a 404/500 writer runs after a refusal; recorded once per decoding call. The
   * server closes a connection after its response only when a draft was negotiated ({@code
   * SocketChannelIOHelper#batch}); a refused handshake has none, so the socket stays open until the
   * peer ends it and {@code websocket.keep_alive} says true there too.
   */
  private void decided(WebSocketImpl ws, int status, boolean upgraded) {
    if (!isServerSide(ws)) {
      return;
    }
    Attempt a = attempt.get();
    if (a != null && a.ws == ws && a.decided) {
      return;
    }
    if (a == null || a.ws != ws) {
      a = new Attempt(ws, telemetry.now());
    }
    a.decided = true;
    RequestHead head = a.head;
    HandshakeDecision decision =
        new HandshakeDecision()
            .server(server)
            .startEpochNanos(a.start)
            .status(status)
            .upgraded(upgraded)
            .keepAlive(upgraded || ws.getDraft() == null)
            .peer(ws.getRemoteSocketAddress())
            .local(ws.getLocalSocketAddress());
    if (head != null) {
      decision.method(head.method).path(head.target).protocol(head.protocol).headers(head);
    }
    if (!upgraded) {
      decision.rejection(status == 404 ? RequestHead.classify(decision, head) : Rejection.OTHER);
    }
    telemetry.handshake(decision);
    if (upgraded) {
      frames.put(ws, telemetry.frameActivity(decision.connectionKey()));
    }
  }

  /**
   * Every close frame the server writes goes through {@code sendFrame}; it leaves only while the
   * socket is open.
   */
  private void closeSent(WebSocketImpl ws, CloseFrame frame) {
    if (ws.isOpen() && isServerSide(ws)) {
      telemetry.closeFrameSent(key(ws), frame.getCloseCode(), frame.getMessage());
    }
  }

  private void closeReceived(WebSocketImpl ws, Object frame) {
    if (!isServerSide(ws)) {
      return;
    }
    if (frame instanceof CloseFrame) {
      CloseFrame close = (CloseFrame) frame;
      telemetry.closeFrameReceived(key(ws), close.getCloseCode(), close.getMessage());
    } else {
      telemetry.closeFrameReceived(key(ws), CloseFrame.NOCODE, null);
    }
  }

  /**
   * The peer ended TCP ({@code read} returned -1). Not gated on the ready state: the peer may close
   * between the 101 and {@code open}, while the server still says NOT_YET_CONNECTED; a refused
   * connection is simply not tracked.
   */
  private void eot(WebSocketImpl ws) {
    if (isServerSide(ws)) {
      telemetry.transportEnded(key(ws), Cause.EOF);
    }
  }

  private void ioError(Object conn) {
    if (conn instanceof WebSocketImpl && isServerSide((WebSocketImpl) conn)) {
      telemetry.transportEnded(key((WebSocketImpl) conn), Cause.IO_ERROR);
    }
  }

  /**
   * The single terminal of every connection, before the channel is closed and {@code onClose} runs.
   * The lost-connection checker calls it directly (code 1006, no close frame) when no pong came
   * back in 1.5 intervals: that is the server's own liveness timeout, reported as {@code
   * idle_timeout}.
   */
  private void closeConnection(WebSocketImpl ws) {
    frames.remove(ws);
    if (ws.getReadyState() == ReadyState.CLOSED || !isServerSide(ws)) {
      return;
    }
    long key = key(ws);
    if (lostCheck.get() == ws) {
      telemetry.serverClosing(key, Cause.IDLE_TIMEOUT);
    }
    telemetry.connectionGone(key, Cause.UNKNOWN);
  }

  /**
   * {@code WebSocketServer#stop} sends 1001 to every open connection: say why before the frames go
   * out.
   */
  private void stop(WebSocketServer wss) {
    List<WebSocket> connections;
    try {
      connections = new ArrayList<>(wss.getConnections());
    } catch (RuntimeException concurrent) {
      return;
    }
    for (WebSocket conn : connections) {
      if (conn instanceof WebSocketImpl) {
        telemetry.serverClosing(key((WebSocketImpl) conn), Cause.SHUTDOWN);
      }
    }
  }

  private static boolean isServerSide(WebSocketImpl ws) {
    return ws.getWebSocketListener() instanceof WebSocketServer;
  }

  /**
   * Computed while the channel is still open (every hook runs before {@code closeConnection} closes
   * it).
   */
  static long key(WebSocketImpl ws) {
    try {
      return ConnectionKey.of(ws.getLocalSocketAddress(), ws.getRemoteSocketAddress());
    } catch (RuntimeException noChannel) {
      return ConnectionKey.of(null, null);
    }
  }

  /** One handshake being decoded on the current thread. */
  private static final class Attempt {
    final WebSocketImpl ws;
    final long start;
    RequestHead head;
    boolean decided;

    Attempt(WebSocketImpl ws, long start) {
      this.ws = ws;
      this.start = start;
    }
  }
}
