package io.wsaudit.agent.instrumentation.jetty.v12_0.linked;

import io.wsaudit.agent.instrumentation.HookContext;
import io.wsaudit.agent.instrumentation.ServerHooks;
import io.wsaudit.agent.instrumentation.jetty.v12_0.JettyHookIds;
import io.wsaudit.agent.telemetry.HandshakeCheck;
import io.wsaudit.agent.telemetry.HandshakeDecision;
import io.wsaudit.agent.telemetry.WebSocketTelemetry;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
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
public final class JettyHooks implements ServerHooks {

  /**
   * The checks Jetty makes, in its order: {@code RFC6455Handshaker#isWebSocketUpgradeRequest} (GET,
   * HTTP/1.1), {@code AbstractHandshaker#isWebSocketUpgradeRequest} (version 13), {@code
   * RFC6455Negotiation#validateHeaders} (Upgrade, Connection), {@code
   * RFC6455Handshaker#validateNegotiation} (key, 400), then the application.
   */
  private static final HandshakeCheck[] CHECKS = {
    HandshakeCheck.METHOD_GET, HandshakeCheck.HTTP_1_1, HandshakeCheck.VERSION_13,
    HandshakeCheck.UPGRADE_WEBSOCKET, HandshakeCheck.CONNECTION_UPGRADE, HandshakeCheck.KEY_PRESENT,
    HandshakeCheck.ORIGIN_ALLOWED
  };

  private final HookContext context;
  private final WebSocketTelemetry telemetry;
  private final String server;

  /**
   * The request being examined on each connection, until its response is complete (checked twice on
   * ee10).
   */
  private final Map<EndPoint, Boolean> examining = Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * Upgraded endpoints: Jetty's endpoints no longer know their addresses once closed, so keys are
   * kept here.
   */
  private final Map<EndPoint, Upgraded> upgraded = Collections.synchronizedMap(new WeakHashMap<>());

  /** An upgraded connection's key and the server that accepted it. */
  private static final class Upgraded {
    final long key;
    final Server server;

    /**
     * Set when its server started to stop: failures from then on are the shutdown's, not the
     * transport's.
     */
    volatile boolean stopping;

    Upgraded(long key, Server server) {
      this.key = key;
      this.server = server;
    }
  }

  public JettyHooks(HookContext context) {
    this.context = context;
    this.telemetry = context.telemetry();
    this.server = "jetty-" + JettyVersion.majorMinor();
  }

  @Override
  public Object on(int hook, Object self, Object a0, Object a1, Object a2) {
    switch (hook) {
      case JettyHookIds.UPGRADE_CHECK:
        upgradeCheck((Request) a0);
        break;
      case JettyHookIds.HTTP_UPGRADE_REFUSED:
        httpUpgradeRefused((Connection) a0, (MetaData.Request) a1, (Throwable) a2);
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

  /** Jetty looked at a request with upgrade headers: follow it until its response is complete. */
  private void upgradeCheck(Request request) {
    ConnectionMetaData meta = request.getConnectionMetaData();
    HttpVersion version = meta.getHttpVersion();
    if (version == HttpVersion.HTTP_2 || version == HttpVersion.HTTP_3) {
      // RFC 8441 WebSocket over a multiplexed connection: not an HTTP/1 upgrade, not recorded.
      return;
    }
    EndPoint endPoint = meta.getConnection().getEndPoint();
    Listener listener;
    synchronized (examining) {
      if (examining.containsKey(endPoint)) {
        return; // the same request, checked again (ee10's filter pre-check, then the handshaker)
      }
      listener = new Listener(endPoint, meta, decision(request, meta, endPoint));
      examining.put(endPoint, Boolean.TRUE); // no value may hold the endpoint: the keys are weak
    }
    try {
      // The wrapper goes on this request's stream only; it sees the final status whatever handler
      // writes it.
      request.addHttpStreamWrapper(stream -> new HandshakeStream(stream, listener));
    } catch (RuntimeException e) {
      examining.remove(endPoint);
      throw e;
    }
  }

  private HandshakeDecision decision(Request request, ConnectionMetaData meta, EndPoint endPoint) {
    return decision(
        request.getMethod(),
        request.getHttpURI().getPath(),
        meta.getProtocol(),
        request.getHeaders(),
        endPoint);
  }

  private HandshakeDecision decision(
      String method, String path, String protocol, HttpFields fields, EndPoint endPoint) {
    // The fields themselves are immutable, the collection may be reused after the exchange: keep
    // the fields.
    HttpField[] headers = new HttpField[fields.size()];
    int n = 0;
    for (HttpField field : fields) {
      if (n < headers.length && field.getName() != null) {
        headers[n++] = field;
      }
    }
    int count = n;
    return new HandshakeDecision()
        .server(server)
        .startEpochNanos(telemetry.now())
        .method(method)
        .path(path)
        .protocol(protocol)
        .peer(inet(endPoint.getRemoteSocketAddress()))
        .local(inet(endPoint.getLocalSocketAddress()))
        .headers(name -> values(headers, count, name));
  }

  /**
   * {@code HttpStreamOverHTTP1#upgrade} threw: an HTTP/1.1 request with {@code Upgrade} but without
   * {@code Connection: upgrade}. Jetty answers with the exception's status (400) and closes the
   * connection; no handler, and so no WebSocket code, runs. Recorded when the request asked for a
   * WebSocket.
   */
  private void httpUpgradeRefused(
      Connection connection, MetaData.Request request, Throwable thrown) {
    if (connection == null || request == null || !(thrown instanceof HttpException)) {
      return;
    }
    HttpFields fields = request.getHttpFields();
    boolean websocket = fields.contains(HttpHeader.SEC_WEBSOCKET_KEY);
    for (String upgrade : fields.getValuesList(HttpHeader.UPGRADE)) {
      websocket |= upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }
    if (!websocket) {
      return;
    }
    HandshakeDecision decision =
        decision(
                request.getMethod(),
                request.getHttpURI().getPath(),
                request.getHttpVersion() == null ? null : request.getHttpVersion().asString(),
                fields,
                connection.getEndPoint())
            .status(((HttpException) thrown).getCode())
            .upgraded(false)
            .keepAlive(false)
            .rejection(Rejection.MISSING_CONNECTION_UPGRADE);
    telemetry.handshake(decision);
  }

  /** The exchange of an examined request is complete: its status and keep-alive are now final. */
  private final class Listener implements HandshakeStream.Listener {
    private final EndPoint endPoint;
    private final ConnectionMetaData meta;
    private final HandshakeDecision decision;

    Listener(EndPoint endPoint, ConnectionMetaData meta, HandshakeDecision decision) {
      this.endPoint = endPoint;
      this.meta = meta;
      this.decision = decision;
    }

    @Override
    public void completed(HandshakeStream stream, int status, Throwable failure) {
      examining.remove(endPoint);
      boolean isUpgrade = status == 101 && failure == null;
      decision.status(status).upgraded(isUpgrade);
      if (isUpgrade) {
        // Jetty switches the endpoint to the WebSocket connection and skips its
        // close-after-response for an
        // upgrade, even when the 101 says "Connection: close" (HttpConnection$SendCallback).
        decision.keepAlive(true);
        upgraded.put(
            endPoint, new Upgraded(decision.connectionKey(), meta.getConnector().getServer()));
      } else {
        decision.keepAlive(failure == null && meta.isPersistent());
        decision.rejection(HandshakeCheck.classify(decision, CHECKS));
      }
      telemetry.handshake(decision);
    }
  }

  /**
   * A close frame is about to be written; it reaches the wire only while the session's output is
   * open.
   */
  private void closeSent(CoreSession session, Upgraded u, Frame frame) {
    if (u != null && session.isOutputOpen()) {
      CloseStatus status = CloseStatus.getCloseStatus(frame);
      telemetry.closeFrameSent(u.key, status.getCode(), status.getReason());
    }
  }

  private void closeReceived(Upgraded u, Frame frame) {
    if (u != null) {
      CloseStatus status = CloseStatus.getCloseStatus(frame);
      telemetry.closeFrameReceived(u.key, status.getCode(), status.getReason());
    }
  }

  /**
   * {@code onEof} runs when the peer ended its side of TCP (the endpoint is still open), and again
   * from the connection's {@code onClose} when Jetty itself closed the endpoint (then it is closed
   * already: not the peer). It counts only when no close frame was exchanged before.
   */
  private void eof(Connection connection) {
    Upgraded u = transportTracked(connection);
    if (u != null && connection.getEndPoint().isOpen()) {
      telemetry.transportEnded(u.key, Cause.EOF);
    }
  }

  /**
   * Jetty's idle expiry ({@code WebSocketConnection#onIdleExpired}, read timeouts) arrives here as
   * a {@code WebSocketTimeoutException}; Jetty then sends 1001 itself. A write timeout or an I/O
   * failure ends the connection without a close frame.
   */
  private void connectionError(Upgraded u, Throwable cause) {
    if (u == null || cause == null) {
      return;
    }
    if (cause instanceof WebSocketWriteTimeoutException) {
      telemetry.transportEnded(u.key, Cause.IO_ERROR);
    } else if (cause instanceof WebSocketTimeoutException) {
      telemetry.serverClosing(u.key, Cause.IDLE_TIMEOUT);
    } else if (cause instanceof IOException) {
      telemetry.transportEnded(u.key, Cause.IO_ERROR);
    }
  }

  /** The WebSocket connection's endpoint is closed: the connection is gone. */
  private void connectionClosed(Connection connection) {
    Upgraded u = upgraded.remove(connection.getEndPoint());
    if (u != null) {
      telemetry.connectionGone(u.key, Cause.UNKNOWN);
    }
  }

  /**
   * {@code Server#doStop} is about to close the API sessions (1001 "Container being shut down") and
   * then the connectors: whatever ends that server's WebSocket connections from now on is the
   * shutdown.
   */
  private void serverStopping(Server stopping) {
    List<Upgraded> stopped = new ArrayList<>();
    synchronized (upgraded) {
      for (Upgraded u : upgraded.values()) {
        if (u.server == stopping) {
          u.stopping = true;
          stopped.add(u);
        }
      }
    }
    for (Upgraded u : stopped) {
      telemetry.serverClosing(u.key, Cause.SHUTDOWN);
    }
  }

  /**
   * The tracked connection, unless its server is stopping it (its EOF and I/O errors are then the
   * shutdown).
   */
  private Upgraded transportTracked(Object connection) {
    Upgraded u = tracked(connection);
    return u == null || u.stopping ? null : u;
  }

  private Upgraded tracked(Object connection) {
    if (!(connection instanceof Connection)) {
      return null;
    }
    return upgraded.get(((Connection) connection).getEndPoint());
  }

  private static List<String> values(HttpField[] fields, int count, String name) {
    List<String> values = null;
    for (int i = 0; i < count; i++) {
      if (fields[i].is(name)) {
        if (values == null) {
          values = new ArrayList<>(1);
        }
        values.add(fields[i].getValue());
      }
    }
    return values == null ? Collections.emptyList() : values;
  }

  private static InetSocketAddress inet(SocketAddress address) {
    return address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
  }
}
