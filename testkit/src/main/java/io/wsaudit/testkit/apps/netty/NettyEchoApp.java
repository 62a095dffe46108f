package io.wsaudit.testkit.apps.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.AttributeKey;
import io.wsaudit.testkit.apps.AppSupport;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An ordinary Netty application (4.1 or 4.2 API): {@code WebSocketServerProtocolHandler} echo on
 * {@code /ws}, and a hand-written handler that drives {@code WebSocketServerHandshaker} itself on
 * {@code /raw}; anything else gets a 404. Argument {@code keepalive} adds {@code
 * HttpServerKeepAliveHandler}; {@code noaggregator} leaves out {@code HttpObjectAggregator} (Netty
 * 4.2's protocol handler then aggregates the handshake itself; {@code /ws} only). Query parameters
 * as in {@code UndertowEchoApp}: {@code close_after_ms}, {@code code}, {@code reason} make the
 * server close first; {@code idle_ms} adds an {@code IdleStateHandler} whose event the application
 * answers with a close (a 1001 frame on {@code /ws}, a bare TCP close on {@code /raw}); {@code
 * read_timeout_ms} adds a {@code ReadTimeoutHandler}. One event loop thread unless {@code
 * --event-loop-threads N}. Arguments ({@code --port N}) and stdin: {@link AppSupport}.
 */
public final class NettyEchoApp {

  private static final AttributeKey<WebSocketServerHandshaker> RAW =
      AttributeKey.valueOf("app.raw.handshaker");

  public static void main(String[] args) throws Exception {
    boolean keepAlive = List.of(args).contains("keepalive");
    boolean aggregate = !List.of(args).contains("noaggregator");
    // NioEventLoopGroup (deprecated in 4.2, still there) so that the same app runs on Netty 4.1
    // (NettyV41AgentIT).
    @SuppressWarnings("deprecation")
    EventLoopGroup group =
        new NioEventLoopGroup(AppSupport.option(args, "event-loop-threads").orElse(1L).intValue());
    Channel server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ChannelPipeline p = ch.pipeline();
                    p.addLast(new HttpServerCodec());
                    if (keepAlive) {
                      p.addLast(new HttpServerKeepAliveHandler());
                    }
                    if (aggregate) {
                      p.addLast(new HttpObjectAggregator(65536));
                    }
                    p.addLast(
                        new WebSocketServerProtocolHandler(
                            WebSocketServerProtocolConfig.newBuilder()
                                .websocketPath("/ws")
                                .checkStartsWith(true)
                                .build()));
                    p.addLast(new App());
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", AppSupport.port(args)))
            .sync()
            .channel();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close().awaitUninterruptibly();
                  group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
                }));
    AppSupport.ready(((InetSocketAddress) server.localAddress()).getPort());
  }

  static final class App extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof FullHttpRequest) {
        FullHttpRequest req = (FullHttpRequest) msg;
        try {
          if (req.uri().startsWith("/raw")) {
            handWrittenHandshake(ctx, req);
          } else {
            FullHttpResponse res =
                new DefaultFullHttpResponse(
                    req.protocolVersion(), HttpResponseStatus.NOT_FOUND, Unpooled.EMPTY_BUFFER);
            HttpUtil.setContentLength(res, 0);
            ctx.writeAndFlush(res);
          }
        } finally {
          req.release();
        }
      } else if (msg instanceof TextWebSocketFrame) {
        ctx.writeAndFlush(new TextWebSocketFrame(((TextWebSocketFrame) msg).text()));
        ((TextWebSocketFrame) msg).release();
      } else if (msg instanceof CloseWebSocketFrame && ctx.channel().hasAttr(RAW)) {
        ctx.channel().attr(RAW).get().close(ctx.channel(), (CloseWebSocketFrame) msg);
      } else if (msg instanceof PingWebSocketFrame) {
        ctx.writeAndFlush(new PongWebSocketFrame(((PingWebSocketFrame) msg).content()));
      } else {
        ctx.fireChannelRead(msg);
      }
    }

    /**
     * What Netty's own example server does: factory, handshaker, and the 426 when the version is
     * unknown.
     */
    private void handWrittenHandshake(ChannelHandlerContext ctx, FullHttpRequest req) {
      WebSocketServerHandshakerFactory factory =
          new WebSocketServerHandshakerFactory(
              "ws://" + req.headers().get(HttpHeaderNames.HOST) + "/raw", null, true);
      // This connection is the application's own: take WebSocketServerProtocolHandler and its
      // helpers out.
      for (String name : ctx.pipeline().names()) {
        io.netty.channel.ChannelHandler h = ctx.pipeline().get(name);
        if (h != null
            && h.getClass().getName().startsWith("io.netty.handler.codec.http.websocketx.")) {
          ctx.pipeline().remove(name);
        }
      }
      WebSocketServerHandshaker handshaker = factory.newHandshaker(req);
      if (handshaker == null) {
        WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
        return;
      }
      try {
        handshaker.handshake(ctx.channel(), req);
      } catch (WebSocketHandshakeException e) {
        FullHttpResponse res =
            new DefaultFullHttpResponse(
                req.protocolVersion(), HttpResponseStatus.BAD_REQUEST, Unpooled.EMPTY_BUFFER);
        HttpUtil.setContentLength(res, 0);
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        return;
      }
      ctx.channel().attr(RAW).set(handshaker);
      opened(ctx, req.uri());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
        opened(ctx, ((WebSocketServerProtocolHandler.HandshakeComplete) evt).requestUri());
      } else if (evt instanceof IdleStateEvent) {
        if (ctx.channel().hasAttr(RAW)) {
          ctx.close();
        } else {
          ctx.writeAndFlush(new CloseWebSocketFrame(1001, "idle"))
              .addListener(ChannelFutureListener.CLOSE);
        }
      } else {
        super.userEventTriggered(ctx, evt);
      }
    }

    private void opened(ChannelHandlerContext ctx, String uri) {
      Map<String, List<String>> params = new QueryStringDecoder(uri).parameters();
      if (params.containsKey("idle_ms")) {
        long idle = Long.parseLong(params.get("idle_ms").get(0));
        ctx.pipeline().addFirst(new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
      }
      if (params.containsKey("read_timeout_ms")) {
        long timeout = Long.parseLong(params.get("read_timeout_ms").get(0));
        ctx.pipeline().addFirst(new ReadTimeoutHandler(timeout, TimeUnit.MILLISECONDS));
      }
      if (params.containsKey("close_after_ms")) {
        int code = Integer.parseInt(params.getOrDefault("code", List.of("4000")).get(0));
        String reason = params.getOrDefault("reason", List.of("server-bye")).get(0);
        Channel ch = ctx.channel();
        ch.eventLoop()
            .schedule(
                () -> {
                  if (ch.hasAttr(RAW)) {
                    ch.attr(RAW).get().close(ch, new CloseWebSocketFrame(code, reason));
                  } else {
                    ch.writeAndFlush(new CloseWebSocketFrame(code, reason));
                  }
                },
                Long.parseLong(params.get("close_after_ms").get(0)),
                TimeUnit.MILLISECONDS);
      }
    }
  }

  private NettyEchoApp() {}
}
