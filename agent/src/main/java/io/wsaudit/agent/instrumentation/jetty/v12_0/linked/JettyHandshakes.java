package io.wsaudit.agent.instrumentation.jetty.v12_0.linked;

import io.wsaudit.agent.telemetry.HandshakeCheck;
import io.wsaudit.agent.telemetry.HandshakeDecision;
import io.wsaudit.agent.telemetry.WebSocketTelemetry;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;

/**
 * The handshake half of the jetty family: follows a request Jetty examined as an upgrade until its
 * response is complete, and records the HTTP layer's refusal; an upgraded endpoint is handed to
 * {@link JettyHooks}, which follows the connection.
 */
final class JettyHandshakes {

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

  private final WebSocketTelemetry telemetry;
  private final String server;
  private final JettyHooks hooks;

  /**
   * The request being examined on each connection, until its response is complete (checked twice on
   * ee10).
   */
  private final Map<EndPoint, Boolean> examining = Collections.synchronizedMap(new WeakHashMap<>());

  JettyHandshakes(WebSocketTelemetry telemetry, String server, JettyHooks hooks) {
    this.telemetry = telemetry;
    this.server = server;
    this.hooks = hooks;
  }

  /** Jetty looked at a request with upgrade headers: follow it until its response is complete. */
  void upgradeCheck(Request request) {
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
    return new HandshakeDecision()
        .server(server)
        .startEpochNanos(telemetry.now())
        .method(method)
        .path(path)
        .protocol(protocol)
        .peer(inet(endPoint.getRemoteSocketAddress()))
        .local(inet(endPoint.getLocalSocketAddress()))
        .headers(new FieldHeaders(fields));
  }

  /**
   * {@code HttpStreamOverHTTP1#upgrade} threw: an HTTP/1.1 request with {@code Upgrade} but without
   * {@code Connection: upgrade}. Jetty answers with the exception's status (400) and closes the
   * connection; no handler, and so no WebSocket code, runs. Recorded when the request asked for a
   * WebSocket.
   */
  void httpUpgradeRefused(Connection connection, MetaData.Request request, Throwable thrown) {
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
      } else {
        decision.keepAlive(failure == null && meta.isPersistent());
        decision.rejection(HandshakeCheck.classify(decision, CHECKS));
      }
      telemetry.handshake(decision);
      if (isUpgrade) {
        hooks.tracked(endPoint, decision.connectionKey());
      }
    }
  }

  private static InetSocketAddress inet(SocketAddress address) {
    return address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
  }
}
