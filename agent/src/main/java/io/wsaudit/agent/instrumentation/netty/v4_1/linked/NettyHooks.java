package io.wsaudit.agent.instrumentation.netty.v4_1.linked;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import io.wsaudit.agent.instrumentation.HookContext;
import io.wsaudit.agent.instrumentation.ServerHooks;
import io.wsaudit.agent.instrumentation.netty.v4_1.NettyHookIds;
import io.wsaudit.agent.telemetry.ConnectionKey;
import io.wsaudit.agent.telemetry.HandshakeCheck;
import io.wsaudit.agent.telemetry.HandshakeDecision;
import io.wsaudit.agent.telemetry.WebSocketTelemetry;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Reads Netty's objects at the hook points {@code NettyModule} instruments and reports to
 * telemetry.
 */
public final class NettyHooks implements ServerHooks {

  /** The checks {@code WebSocketServerHandshaker13#newHandshakeResponse} makes, in its order. */
  private static final HandshakeCheck[] CHECKS = {
    HandshakeCheck.METHOD_GET,
    HandshakeCheck.CONNECTION_UPGRADE,
    HandshakeCheck.UPGRADE_WEBSOCKET,
    HandshakeCheck.KEY_PRESENT
  };

  /** Set on an upgraded channel; holds what the close path needs. */
  static final AttributeKey<NettyConnection> CONNECTION =
      AttributeKey.valueOf("io.wsaudit.netty.connection");

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

  /** The channel whose {@code IdleStateHandler} event is being handled on this thread. */
  private static final ThreadLocal<Channel> IDLE = new ThreadLocal<>();

  private final HookContext context;
  private final WebSocketTelemetry telemetry;

  /**
   * Computed at the first handshake: an application with netty-transport but no netty-codec-http
   * gets here too.
   */
  private volatile String nettyServer;

  public NettyHooks(HookContext context) {
    this.context = context;
    this.telemetry = context.telemetry();
  }

  @Override
  public Object on(int hook, Object self, Object a0, Object a1, Object a2) {
    switch (hook) {
      case NettyHookIds.HANDSHAKE_START:
        if (IN_HANDSHAKE.get() != null) {
          return NESTED;
        }
        IN_HANDSHAKE.set(Boolean.TRUE);
        return telemetry.now();
      case NettyHookIds.HANDSHAKE_END:
        if (a1 != NESTED) {
          IN_HANDSHAKE.remove();
          handshakeEnd((Object[]) a0, a1 instanceof Long ? (Long) a1 : null, (Throwable) a2);
        }
        break;
      case NettyHookIds.NO_HANDSHAKER:
        NO_HANDSHAKER.set((HttpRequest) self);
        break;
      case NettyHookIds.UNSUPPORTED_VERSION:
        unsupportedVersion((Channel) self);
        break;
      case NettyHookIds.CLOSE_SENT:
        closeSent(((ChannelHandlerContext) self).channel(), (CloseWebSocketFrame) a0);
        break;
      case NettyHookIds.CLOSE_RECEIVED:
        closeReceived(((ChannelHandlerContext) self).channel(), (ByteBuf) a0);
        break;
      case NettyHookIds.PROTOCOL_VIOLATION:
        protocolViolation(((ChannelHandlerContext) self).channel());
        break;
      case NettyHookIds.IO_ERROR:
        ioError(((ChannelPipeline) self).channel());
        break;
      case NettyHookIds.PIPELINE_CLOSE:
        pipelineClose(((ChannelHandlerContext) self).channel());
        break;
      case NettyHookIds.IDLE_START:
        {
          Channel previous = IDLE.get();
          IDLE.set(((ChannelHandlerContext) self).channel());
          return previous;
        }
      case NettyHookIds.IDLE_END:
        if (a0 instanceof Channel) {
          IDLE.set((Channel) a0);
        } else {
          IDLE.remove();
        }
        break;
      default:
        return context.unknownHook(hook);
    }
    return null;
  }

  private void handshakeEnd(Object[] args, Long start, Throwable thrown) {
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

  private void unsupportedVersion(Channel channel) {
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
    if (!telemetry.isTracked(key)) {
      return;
    }
    NettyConnection connection = new NettyConnection(key);
    channel.attr(CONNECTION).set(connection);
    channel.closeFuture().addListener(new ChannelGone(telemetry, connection));
  }

  private void closeSent(Channel channel, CloseWebSocketFrame frame) {
    NettyConnection c = connection(channel);
    if (c == null || c.ioFailed) {
      // Not ours, or the transport already failed: whatever is encoded now never reaches the peer.
      return;
    }
    if (IDLE.get() == channel) {
      telemetry.serverClosing(c.key, Cause.IDLE_TIMEOUT);
    }
    int code = frame.statusCode();
    telemetry.closeFrameSent(c.key, code < 0 ? 1005 : code, frame.reasonText());
  }

  private void closeReceived(Channel channel, ByteBuf payload) {
    NettyConnection c = connection(channel);
    if (c == null) {
      return;
    }
    int code = 1005;
    String reason = null;
    if (payload != null && payload.readableBytes() >= 2) {
      int at = payload.readerIndex();
      code = payload.getUnsignedShort(at);
      reason = payload.toString(at + 2, payload.readableBytes() - 2, StandardCharsets.UTF_8);
    }
    telemetry.closeFrameReceived(c.key, code, reason);
  }

  private void protocolViolation(Channel channel) {
    NettyConnection c = connection(channel);
    if (c != null) {
      telemetry.serverClosing(c.key, Cause.PROTOCOL_ERROR);
    }
  }

  private void ioError(Channel channel) {
    NettyConnection c = connection(channel);
    if (c != null) {
      c.ioFailed = true;
      telemetry.transportEnded(c.key, Cause.IO_ERROR);
    }
  }

  /**
   * A handler or the application asked the channel to close (the transport's own EOF close does not
   * come here).
   */
  private void pipelineClose(Channel channel) {
    NettyConnection c = connection(channel);
    if (c == null || c.ioFailed) {
      // After an I/O error the close that handlers then request is a consequence, not the server's
      // decision.
      return;
    }
    if (IDLE.get() == channel) {
      telemetry.serverClosing(c.key, Cause.IDLE_TIMEOUT);
    } else if (channel.eventLoop().isShuttingDown()) {
      telemetry.serverClosing(c.key, Cause.SHUTDOWN);
    } else {
      telemetry.serverClosing(c.key, Cause.APPLICATION);
    }
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

  private static NettyConnection connection(Channel channel) {
    return channel.hasAttr(CONNECTION) ? channel.attr(CONNECTION).get() : null;
  }

  static InetSocketAddress inet(SocketAddress address) {
    return address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
  }

  static long key(Channel channel) {
    return ConnectionKey.of(inet(channel.localAddress()), inet(channel.remoteAddress()));
  }
}
