package io.wsaudit.agent.instrumentation.netty.v4_1;

import static io.wsaudit.agent.instrumentation.BridgeAdvice.ENTER_ARG0;
import static io.wsaudit.agent.instrumentation.BridgeAdvice.ENTER_ARG0_ARG1;
import static io.wsaudit.agent.instrumentation.netty.v4_1.NettyHookIds.CLOSE_RECEIVED;
import static io.wsaudit.agent.instrumentation.netty.v4_1.NettyHookIds.FAMILY;
import static io.wsaudit.agent.instrumentation.netty.v4_1.NettyHookIds.PIPELINE_CLOSE;
import static io.wsaudit.agent.instrumentation.netty.v4_1.NettyHookIds.UNSUPPORTED_VERSION;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.wsaudit.agent.instrumentation.FamilyModule;

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
 *
 * <p>{@code AbstractChannel}, which every transport's channel extends, carries the upgraded
 * channel's record in a field of its own (the hooks find everything from the channel).
 */
public final class NettyModule extends FamilyModule {

  private static final String WSX = "io.netty.handler.codec.http.websocketx.";

  public NettyModule() {
    super("netty", FAMILY, "netty 4.1-4.2");
    type("io.netty.channel.AbstractChannel").carriesConnection();
    type(WSX + "WebSocketServerHandshaker")
        // Up to 4.1.136 / 4.2.16 every full-request handshake goes through the public final
        // handshake(Channel, FullHttpRequest, HttpHeaders, ChannelPromise); from 4.1.137 /
        // 4.2.17 that one and the new ChannelHandlerContext overloads go through the private
        // handshake0. Both are advised; the hooks report the outermost call only.
        .advice(
            "handshake(Channel, FullHttpRequest, HttpHeaders, ChannelPromise) or handshake0(...)",
            method("handshake", 4)
                .and(takesArgument(0, named("io.netty.channel.Channel")))
                .and(takesArgument(1, named("io.netty.handler.codec.http.FullHttpRequest")))
                .or(
                    method("handshake0", 5)
                        .and(takesArgument(1, named("io.netty.channel.Channel")))
                        .and(
                            takesArgument(
                                2, named("io.netty.handler.codec.http.FullHttpRequest")))),
            "Handshake");
    type(WSX + "WebSocketServerHandshakerFactory")
        // 4.1 and 4.2: newHandshaker(HttpRequest); 4.2 also the static resolveHandshaker0 that
        // its protocol handler reaches without newHandshaker. A null result means an
        // unsupported Sec-WebSocket-Version.
        .advice(
            "newHandshaker(HttpRequest)",
            method("newHandshaker", 1)
                .or(named("resolveHandshaker0").and(isStatic()))
                .and(returns(named(WSX + "WebSocketServerHandshaker"))),
            "ResolveHandshaker")
        .hook(
            "sendUnsupportedVersionResponse(Channel, ChannelPromise)",
            method("sendUnsupportedVersionResponse", 2),
            ENTER_ARG0,
            UNSUPPORTED_VERSION);
    type(WSX + "WebSocket08FrameEncoder")
        .advice(
            "encode(ChannelHandlerContext, WebSocketFrame, List)",
            method("encode", 3).and(takesArgument(1, named(WSX + "WebSocketFrame"))),
            "FrameEncode");
    type(WSX + "WebSocket08FrameDecoder")
        .advice(
            "decode(ChannelHandlerContext, ByteBuf, List)",
            method("decode", 3).and(takesArgument(2, named("java.util.List"))),
            "FrameDecode")
        // Called by the decoder for incoming close frames only, before it validates the body.
        .hook(
            "checkCloseFrameBody(ChannelHandlerContext, ByteBuf)",
            method("checkCloseFrameBody", 2),
            ENTER_ARG0_ARG1,
            CLOSE_RECEIVED)
        .advice(
            "protocolViolation(ChannelHandlerContext, ByteBuf, CorruptedWebSocketFrameException)",
            method("protocolViolation", 3)
                .and(takesArgument(2, named(WSX + "CorruptedWebSocketFrameException"))),
            "ProtocolViolation");
    type("io.netty.channel.DefaultChannelPipeline")
        .advice(
            "fireExceptionCaught(Throwable)",
            method("fireExceptionCaught", 1),
            "PipelineException");
    type("io.netty.channel.DefaultChannelPipeline$HeadContext")
        // A close requested by a handler or the application (the transport closes on EOF
        // without passing here).
        .hook(
            "close(ChannelHandlerContext, ChannelPromise)",
            method("close", 2),
            ENTER_ARG0,
            PIPELINE_CLOSE);
    idle("io.netty.handler.timeout.IdleStateHandler");
    // Subclasses that override channelIdle: Netty's ReadTimeoutHandler (closes itself), Reactor
    // Netty's Connection#onReadIdle / #onWriteIdle handlers (call super; the hooks nest).
    idle("io.netty.handler.timeout.ReadTimeoutHandler");
    idle("reactor.netty.ReactorNetty$InboundIdleStateHandler");
    idle("reactor.netty.ReactorNetty$OutboundIdleStateHandler");
  }

  private void idle(String type) {
    type(type)
        .advice(
            "channelIdle(ChannelHandlerContext, IdleStateEvent)",
            method("channelIdle", 2),
            "ChannelIdle");
  }
}
