package io.wsaudit.agent.instrumentation.netty.v4_1.linked;

import static io.wsaudit.agent.instrumentation.netty.v4_1.linked.NettyHooks.inet;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.wsaudit.agent.telemetry.FrameActivities;
import io.wsaudit.agent.telemetry.FrameActivity;
import io.wsaudit.agent.telemetry.HandshakeCheck;
import io.wsaudit.agent.telemetry.HandshakeDecision;
import io.wsaudit.agent.telemetry.WebSocketTelemetry;
import io.wsaudit.contract.WsAuditSpans.Rejection;

/**
 * The handshake half of the netty family: turns a handshaker's outcome (or the factory's missing
 * handshaker) into a handshake decision, and starts tracking an upgraded channel.
 */
final class NettyHandshakes {

  /** The checks {@code WebSocketServerHandshaker13#newHandshakeResponse} makes, in its order. */
  private static final HandshakeCheck[] CHECKS = {
    HandshakeCheck.METHOD_GET,
    HandshakeCheck.CONNECTION_UPGRADE,
    HandshakeCheck.UPGRADE_WEBSOCKET,
    HandshakeCheck.KEY_PRESENT
  };

  /**
   * The request the handshaker factory found no handshaker for, until {@code
   * sendUnsupportedVersionResponse}.
   */
  private static final ThreadLocal<HttpRequest> NO_HANDSHAKER = new ThreadLocal<>();

  /**
   * Set while a handshake runs on this thread: {@code handshake(Channel, …)} calls {@code
   * handshake0} in 4.1.137+.
   */
  private static final ThreadLocal<Boolean> IN_HANDSHAKE = new ThreadLocal<>();

  /** What the start hook returns to a nested handshake call, which then reports nothing. */
  private static final Object NESTED = new Object();

  private final WebSocketTelemetry telemetry;

  /** Where the hooks find an upgraded channel's record. */
  private final FrameActivities records;

  /** The one close listener of every upgraded channel. */
  private final ChannelGone gone;

  /**
   * Computed at the first handshake: an application with netty-transport but no netty-codec-http
   * gets here too.
   */
  private volatile String nettyServer;

  NettyHandshakes(WebSocketTelemetry telemetry, FrameActivities records) {
    this.telemetry = telemetry;
    this.records = records;
    this.gone = new ChannelGone(telemetry, records);
  }

  /**
   * The start of the outermost handshake call on this thread (epoch nanos), else {@code NESTED}.
   */
  Object start() {
    if (IN_HANDSHAKE.get() != null) {
      return NESTED;
    }
    IN_HANDSHAKE.set(Boolean.TRUE);
    return telemetry.now();
  }

  void end(Object[] args, Object start, Throwable thrown) {
    if (start != NESTED) {
      IN_HANDSHAKE.remove();
      handshakeEnd(args, start instanceof Long ? (Long) start : null, thrown);
    }
  }

  void noHandshaker(HttpRequest request) {
    NO_HANDSHAKER.set(request);
  }

  void handshakeEnd(Object[] args, Long start, Throwable thrown) {
    Channel channel = null;
    FullHttpRequest request = null;
    for (Object arg : args) {
      if (arg instanceof Channel && channel == null) {
        channel = (Channel) arg;
      } else if (arg instanceof FullHttpRequest) {
        request = (FullHttpRequest) arg;
      }
    }
    if (channel == null || request == null) {
      return;
    }
    HandshakeDecision decision = decision(channel, request, start);
    if (thrown == null) {
      if (channel.pipeline().get("wsencoder") == null) {
        // No HTTP codec in the pipeline: Netty failed the promise and wrote nothing.
        return;
      }
      // Netty writes "HTTP/1.1 101" whatever the request's version, and nothing in its WebSocket
      // path closes
      // after it; HttpServerKeepAliveHandler counts a 1xx as interim, so it does not close either.
      decision.status(101).upgraded(true).keepAlive(true);
      telemetry.handshake(decision);
      if (ReactorNettyVersion.serverOf(channel) == null) {
        // Plain Netty (and Vert.x): the OpenTelemetry agent's span of this request stays open.
        telemetry.endUpgradeRequestSpan(decision);
      }
      track(channel, decision.connectionKey());
      return;
    }
    decision
        .upgraded(false)
        .rejection(
            thrown instanceof WebSocketHandshakeException
                ? HandshakeCheck.classify(decision, CHECKS)
                : Rejection.OTHER);
    if (channel.pipeline().get(WebSocketServerProtocolHandler.class) != null) {
      // WebSocketServerProtocolHandler#exceptionCaught answers 400 and closes (any other exception:
      // closes).
      if (thrown instanceof WebSocketHandshakeException) {
        decision.status(400);
      }
      decision.keepAlive(false);
    }
    // A hand-written handler decides itself what to answer: the status is not known here.
    telemetry.handshake(decision);
  }

  void unsupportedVersion(Channel channel) {
    HttpRequest request = NO_HANDSHAKER.get();
    NO_HANDSHAKER.remove();
    HandshakeDecision decision =
        request != null
            ? decision(channel, request, null)
            : new HandshakeDecision()
                .server(server(channel))
                .peer(inet(channel.remoteAddress()))
                .local(inet(channel.localAddress()));
    // The 426 goes out as is; only HttpServerKeepAliveHandler, when present, closes after a
    // non-persistent request.
    boolean keepAlive =
        request == null
            || channel.pipeline().get(HttpServerKeepAliveHandler.class) == null
            || HttpUtil.isKeepAlive(request);
    decision.status(426).upgraded(false).rejection(Rejection.BAD_VERSION).keepAlive(keepAlive);
    telemetry.handshake(decision);
  }

  private HandshakeDecision decision(Channel channel, HttpRequest request, Long start) {
    return new HandshakeDecision()
        .server(server(channel))
        .startEpochNanos(start != null ? start : telemetry.now())
        .method(request.method().name())
        .path(request.uri())
        .protocol(request.protocolVersion().text())
        .peer(inet(channel.remoteAddress()))
        .local(inet(channel.localAddress()))
        .headers(name -> request.headers().getAll(name));
  }

  private void track(Channel channel, long key) {
    FrameActivity record = telemetry.frameActivity(key);
    if (record == null) {
      return;
    }
    records.put(channel, record);
    channel.closeFuture().addListener(gone);
  }

  private String server(Channel channel) {
    String reactor = ReactorNettyVersion.serverOf(channel);
    if (reactor != null) {
      return reactor;
    }
    String netty = nettyServer;
    if (netty == null) {
      netty = "netty-" + NettyVersion.majorMinor();
      nettyServer = netty;
    }
    return netty;
  }
}
