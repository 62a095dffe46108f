package io.wsaudit.agent.instrumentation.jetty.v12_0.linked;

import io.wsaudit.agent.instrumentation.FamilyHooks;
import io.wsaudit.agent.instrumentation.HookContext;
import io.wsaudit.agent.instrumentation.jetty.v12_0.JettyHookIds;
import io.wsaudit.agent.telemetry.FrameActivities;
import io.wsaudit.agent.telemetry.FrameActivity;
import io.wsaudit.contract.WsAuditSpans.Cause;
import java.io.IOException;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.exception.WebSocketTimeoutException;
import org.eclipse.jetty.websocket.core.exception.WebSocketWriteTimeoutException;

/**
 * Reads Jetty 12's objects at the hook points {@code JettyModule} instruments and reports to
 * telemetry. Only types that are the same in 12.0 and 12.1 are used here (the session and
 * connection classes differ in their {@code sendFrame} signature, so they arrive as {@code
 * CoreSession} and {@code Connection}).
 */
public final class JettyHooks extends FamilyHooks {

  /**
   * Upgraded endpoints' records (key, frame times, whether their server is stopping), for every
   * hook: in a field of the endpoint where the agent added one, else in a map; no lock on the
   * message path. Jetty's endpoints no longer know their addresses once closed, so the record's key
   * is what the close hooks use.
   */
  private final FrameActivities frames;

  /** Created with the hooks, so that no class of theirs is first loaded late (at shutdown). */
  private final JettyHandshakes handshakes;

  public JettyHooks(HookContext context) {
    super(context);
    this.frames = telemetry.newFrameActivities();
    this.handshakes = new JettyHandshakes(telemetry, "jetty-" + JettyVersion.majorMinor(), this);
  }

  @Override
  public Object on(int hook, Object self, Object a0, Object a1, Object a2) {
    switch (hook) {
      case JettyHookIds.FRAME_RECEIVED:
        frames.received(endPoint(a0));
        break;
      case JettyHookIds.FRAME_SENT:
        frames.sent(endPoint(a0));
        break;
      case JettyHookIds.PING_SENT:
        frames.pingSent(endPoint(a0));
        break;
      case JettyHookIds.UPGRADE_CHECK:
        handshakes.upgradeCheck((Request) a0);
        break;
      case JettyHookIds.HTTP_UPGRADE_REFUSED:
        handshakes.httpUpgradeRefused((Connection) a0, (MetaData.Request) a1, (Throwable) a2);
        break;
      case JettyHookIds.CLOSE_SENT:
        closeSent((CoreSession) self, tracked(a0), (Frame) a1);
        break;
      case JettyHookIds.CLOSE_RECEIVED:
        closeReceived(tracked(a0), (Frame) a1);
        break;
      case JettyHookIds.EOF:
        eof((Connection) a0);
        break;
      case JettyHookIds.CONNECTION_ERROR:
        connectionError(transportTracked(a0), (Throwable) a1);
        break;
      case JettyHookIds.SERVER_STOPPING:
        serverStopping((Server) self);
        break;
      case JettyHookIds.CONNECTION_CLOSED:
        connectionClosed((Connection) self);
        break;
      default:
        return context.unknownHook(hook);
    }
    return null;
  }

  /**
   * Its handshake upgraded {@code endPoint} and its span is out, so the connection is tracked: its
   * hooks count from now on.
   */
  void tracked(EndPoint endPoint, long key) {
    frames.put(endPoint, telemetry.frameActivity(key));
  }

  /** A frame hook's session field: the endpoint keys the connection's frame activity. */
  private static EndPoint endPoint(Object connection) {
    return connection instanceof Connection ? ((Connection) connection).getEndPoint() : null;
  }

  /**
   * A close frame is about to be written; it reaches the wire only while the session's output is
   * open.
   */
  private void closeSent(CoreSession session, FrameActivity u, Frame frame) {
    if (u != null && session.isOutputOpen()) {
      CloseStatus status = CloseStatus.getCloseStatus(frame);
      telemetry.closeFrameSent(u.connectionKey(), status.getCode(), status.getReason());
    }
  }

  private void closeReceived(FrameActivity u, Frame frame) {
    if (u != null) {
      CloseStatus status = CloseStatus.getCloseStatus(frame);
      telemetry.closeFrameReceived(u.connectionKey(), status.getCode(), status.getReason());
    }
  }

  /**
   * {@code onEof} runs when the peer ended its side of TCP (the endpoint is still open), and again
   * from the connection's {@code onClose} when Jetty itself closed the endpoint (then it is closed
   * already: not the peer). It counts only when no close frame was exchanged before.
   */
  private void eof(Connection connection) {
    FrameActivity u = transportTracked(connection);
    if (u != null && connection.getEndPoint().isOpen()) {
      telemetry.transportEnded(u.connectionKey(), Cause.EOF);
    }
  }

  /**
   * Jetty's idle expiry ({@code WebSocketConnection#onIdleExpired}, read timeouts) arrives here as
   * a {@code WebSocketTimeoutException}; Jetty then sends 1001 itself. A write timeout or an I/O
   * failure ends the connection without a close frame.
   */
  private void connectionError(FrameActivity u, Throwable cause) {
    if (u == null || cause == null) {
      return;
    }
    if (cause instanceof WebSocketWriteTimeoutException) {
      telemetry.transportEnded(u.connectionKey(), Cause.IO_ERROR);
    } else if (cause instanceof WebSocketTimeoutException) {
      telemetry.serverClosing(u.connectionKey(), Cause.IDLE_TIMEOUT);
    } else if (cause instanceof IOException) {
      telemetry.transportEnded(u.connectionKey(), Cause.IO_ERROR);
    }
  }

  /** The WebSocket connection's endpoint is closed: the connection is gone. */
  private void connectionClosed(Connection connection) {
    FrameActivity u = frames.get(connection.getEndPoint());
    frames.remove(connection.getEndPoint());
    if (u != null) {
      telemetry.connectionGone(u.connectionKey(), Cause.UNKNOWN);
    }
  }

  /**
   * {@code Server#doStop} is about to close the API sessions (1001 "Container being shut down") and
   * then the connectors: whatever ends that server's WebSocket connections from now on is the
   * shutdown.
   */
  private void serverStopping(Server stopping) {
    for (Connector connector : stopping.getConnectors()) {
      for (EndPoint endPoint : connector.getConnectedEndPoints()) {
        FrameActivity u = record(endPoint);
        if (u != null) {
          u.serverStopping();
          telemetry.serverClosing(u.connectionKey(), Cause.SHUTDOWN);
        }
      }
    }
  }

  /**
   * The record of a connector's endpoint: on the endpoint itself, or, behind TLS, on the decrypted
   * endpoint the HTTP and WebSocket connections run on.
   */
  private FrameActivity record(EndPoint endPoint) {
    FrameActivity u = frames.get(endPoint);
    if (u == null && endPoint.getConnection() instanceof SslConnection) {
      u = frames.get(((SslConnection) endPoint.getConnection()).getSslEndPoint());
    }
    return u;
  }

  /**
   * The tracked connection, unless its server is stopping it (its EOF and I/O errors are then the
   * shutdown).
   */
  private FrameActivity transportTracked(Object connection) {
    FrameActivity u = tracked(connection);
    return u == null || u.isServerStopping() ? null : u;
  }

  private FrameActivity tracked(Object connection) {
    if (!(connection instanceof Connection)) {
      return null;
    }
    return frames.get(((Connection) connection).getEndPoint());
  }
}
