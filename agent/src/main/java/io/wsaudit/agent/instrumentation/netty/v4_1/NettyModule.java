package io.wsaudit.agent.instrumentation.netty.v4_1;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.wsaudit.agent.instrumentation.InstrumentationModule;
import io.wsaudit.agent.instrumentation.MethodAdvice;
import io.wsaudit.agent.instrumentation.TypeInstrumentation;
import java.util.List;

/**
 * Netty 4.1 and 4.2 ({@code io.netty.handler.codec.http.websocketx}): {@code
 * WebSocketServerProtocolHandler} pipelines, hand-written handlers that call {@code
 * WebSocketServerHandshaker} directly, and Reactor Netty (Spring WebFlux), which drives the same
 * handshaker, encoder and decoder. Every hook below is on a class and method that exists in Netty
 * 4.1.82 to 4.2.18 ({@code NettyMatchersTest} checks the jars).
 *
 * <ul>
 *   <li>handshake: {@code WebSocketServerHandshaker#handshake(Channel, FullHttpRequest,
 *       HttpHeaders, ChannelPromise)} and, in newer versions, the private {@code
 *       handshake0(ChannelOutboundInvoker, Channel, FullHttpRequest, HttpHeaders, ChannelPromise)},
 *       which every public {@code handshake} overload reaches;
 *   <li>version rejection: the factory returning {@code null}, then {@code
 *       sendUnsupportedVersionResponse};
 *   <li>frames on the wire: {@code WebSocket08FrameEncoder#encode} (outgoing; close frames go to
 *       the close path) and {@code WebSocket08FrameDecoder#decode} (incoming, one frame per call
 *       that adds one), {@code WebSocket08FrameDecoder#checkCloseFrameBody} (incoming close
 *       frames);
 *   <li>protocol violations: {@code WebSocket08FrameDecoder#protocolViolation};
 *   <li>transport errors: {@code DefaultChannelPipeline#fireExceptionCaught}, filtered inline on
 *       IOException;
 *   <li>idle: {@code IdleStateHandler#channelIdle} and the overrides in {@code ReadTimeoutHandler}
 *       and Reactor Netty's idle handlers (a close made while the event is handled is an
 *       idle-timeout close);
 *   <li>a close requested through the pipeline: {@code DefaultChannelPipeline$HeadContext#close}.
 * </ul>
 */
public final class NettyModule implements InstrumentationModule {

  private static final String ADVICE = NettyModule.class.getPackageName() + ".NettyAdvice$";
  private static final String WSX = "io.netty.handler.codec.http.websocketx.";

  @Override
  public String family() {
    return "netty";
  }

  @Override
  public int familyId() {
    return NettyHookIds.FAMILY;
  }

  @Override
  public String description() {
    return "netty 4.1-4.2";
  }

  @Override
  public String hooksClassName() {
    return NettyModule.class.getPackageName() + ".linked.NettyHooks";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        new TypeInstrumentation(
            WSX + "WebSocketServerHandshaker",
            // Up to 4.1.136 / 4.2.16 every full-request handshake goes through the public final
            // handshake(Channel, FullHttpRequest, HttpHeaders, ChannelPromise); from 4.1.137 /
            // 4.2.17 that one and
            // the new ChannelHandlerContext overloads go through the private handshake0. Both are
            // advised; the
            // hooks report the outermost call only.
            new MethodAdvice(
                "handshake(Channel, FullHttpRequest, HttpHeaders, ChannelPromise) or handshake0(...)",
                named("handshake")
                    .and(takesArguments(4))
                    .and(takesArgument(0, named("io.netty.channel.Channel")))
                    .and(takesArgument(1, named("io.netty.handler.codec.http.FullHttpRequest")))
                    .or(
                        named("handshake0")
                            .and(takesArguments(5))
                            .and(takesArgument(1, named("io.netty.channel.Channel")))
                            .and(
                                takesArgument(
                                    2, named("io.netty.handler.codec.http.FullHttpRequest")))),
                ADVICE + "Handshake")),
        new TypeInstrumentation(
            WSX + "WebSocketServerHandshakerFactory",
            // 4.1 and 4.2: newHandshaker(HttpRequest); 4.2 also the static resolveHandshaker0 that
            // its protocol
            // handler reaches without newHandshaker. A null result means an unsupported
            // Sec-WebSocket-Version.
            new MethodAdvice(
                "newHandshaker(HttpRequest)",
                named("newHandshaker")
                    .and(takesArguments(1))
                    .or(named("resolveHandshaker0").and(isStatic()))
                    .and(returns(named(WSX + "WebSocketServerHandshaker"))),
                ADVICE + "ResolveHandshaker"),
            new MethodAdvice(
                "sendUnsupportedVersionResponse(Channel, ChannelPromise)",
                named("sendUnsupportedVersionResponse").and(takesArguments(2)),
                ADVICE + "UnsupportedVersion")),
        new TypeInstrumentation(
            WSX + "WebSocket08FrameEncoder",
            new MethodAdvice(
                "encode(ChannelHandlerContext, WebSocketFrame, List)",
                named("encode")
                    .and(takesArguments(3))
                    .and(takesArgument(1, named(WSX + "WebSocketFrame"))),
                ADVICE + "FrameEncode")),
        new TypeInstrumentation(
            WSX + "WebSocket08FrameDecoder",
            new MethodAdvice(
                "decode(ChannelHandlerContext, ByteBuf, List)",
                named("decode")
                    .and(takesArguments(3))
                    .and(takesArgument(2, named("java.util.List"))),
                ADVICE + "FrameDecode"),
            new MethodAdvice(
                "checkCloseFrameBody(ChannelHandlerContext, ByteBuf)",
                named("checkCloseFrameBody").and(takesArguments(2)),
                ADVICE + "CloseReceived"),
            new MethodAdvice(
                "protocolViolation(ChannelHandlerContext, ByteBuf, CorruptedWebSocketFrameException)",
                named("protocolViolation")
                    .and(takesArguments(3))
                    .and(takesArgument(2, named(WSX + "CorruptedWebSocketFrameException"))),
                ADVICE + "ProtocolViolation")),
        new TypeInstrumentation(
            "io.netty.channel.DefaultChannelPipeline",
            new MethodAdvice(
                "fireExceptionCaught(Throwable)",
                named("fireExceptionCaught").and(takesArguments(1)),
                ADVICE + "PipelineException")),
        new TypeInstrumentation(
            "io.netty.channel.DefaultChannelPipeline$HeadContext",
            new MethodAdvice(
                "close(ChannelHandlerContext, ChannelPromise)",
                named("close").and(takesArguments(2)),
                ADVICE + "PipelineClose")),
        idle("io.netty.handler.timeout.IdleStateHandler"),
        // Subclasses that override channelIdle: Netty's ReadTimeoutHandler (closes itself), Reactor
        // Netty's
        // Connection#onReadIdle / #onWriteIdle handlers (call super; the hooks nest).
        idle("io.netty.handler.timeout.ReadTimeoutHandler"),
        idle("reactor.netty.ReactorNetty$InboundIdleStateHandler"),
        idle("reactor.netty.ReactorNetty$OutboundIdleStateHandler"));
  }

  private static TypeInstrumentation idle(String type) {
    return new TypeInstrumentation(
        type,
        new MethodAdvice(
            "channelIdle(ChannelHandlerContext, IdleStateEvent)",
            named("channelIdle").and(takesArguments(2)),
            ADVICE + "ChannelIdle"));
  }
}
