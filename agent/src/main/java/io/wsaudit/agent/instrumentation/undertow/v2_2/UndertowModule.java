package io.wsaudit.agent.instrumentation.undertow.v2_2;

import static io.wsaudit.agent.instrumentation.BridgeAdvice.ENTER_ARG0;
import static io.wsaudit.agent.instrumentation.BridgeAdvice.ENTER_ARG0_ARG1;
import static io.wsaudit.agent.instrumentation.BridgeAdvice.ENTER_THIS;
import static io.wsaudit.agent.instrumentation.BridgeAdvice.EXIT_THIS;
import static io.wsaudit.agent.instrumentation.undertow.v2_2.UndertowHookIds.CHANNEL_OPEN;
import static io.wsaudit.agent.instrumentation.undertow.v2_2.UndertowHookIds.CLOSE_RECEIVED;
import static io.wsaudit.agent.instrumentation.undertow.v2_2.UndertowHookIds.EOF;
import static io.wsaudit.agent.instrumentation.undertow.v2_2.UndertowHookIds.FAMILY;
import static io.wsaudit.agent.instrumentation.undertow.v2_2.UndertowHookIds.HANDSHAKE_START;
import static io.wsaudit.agent.instrumentation.undertow.v2_2.UndertowHookIds.READS_BROKEN;
import static io.wsaudit.agent.instrumentation.undertow.v2_2.UndertowHookIds.SEND_EMPTY_CLOSE;
import static io.wsaudit.agent.instrumentation.undertow.v2_2.UndertowHookIds.SERVLET_HANDSHAKE_START;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.wsaudit.agent.instrumentation.FamilyModule;

/**
 * Undertow 2.2 and 2.3 ({@code io.undertow.websockets}, core handler and JSR filter). The handshake
 * is finished in the HTTP layer ({@code HttpReadListener#exchangeComplete}), because that is where
 * Undertow decides to close a non-persistent connection after its 101 without ever creating the
 * WebSocket channel (HTTP/1.0 upstreams).
 */
public final class UndertowModule extends FamilyModule {

  private static final String CORE = "io.undertow.websockets.core.";

  public UndertowModule() {
    super("undertow", FAMILY, "undertow 2.2-2.3");
    String closeReceived = "onFullCloseMessage(WebSocketChannel, BufferedBinaryMessage)";
    type("io.undertow.websockets.WebSocketProtocolHandshakeHandler")
        .hook(
            "handleRequest(HttpServerExchange)",
            method("handleRequest", 1),
            ENTER_ARG0,
            HANDSHAKE_START);
    type("io.undertow.websockets.jsr.JsrWebSocketFilter")
        .hook(
            "doFilter(ServletRequest, ServletResponse, FilterChain)",
            method("doFilter", 3),
            ENTER_ARG0,
            SERVLET_HANDSHAKE_START);
    type("io.undertow.server.protocol.http.HttpReadListener")
        .advice(
            "exchangeComplete(HttpServerExchange)",
            method("exchangeComplete", 1),
            "ExchangeComplete");
    type(CORE + "WebSocketChannel")
        .carriesConnection()
        .hook("WebSocketChannel(...)", isConstructor(), EXIT_THIS, CHANNEL_OPEN)
        .advice(
            "createChannel(FrameHeaderData, PooledByteBuffer)",
            method("createChannel", 2).and(returns(named(CORE + "StreamSourceFrameChannel"))),
            "FrameReceived")
        .advice(
            "send(WebSocketFrameType)",
            method("send", 1).and(takesArgument(0, named(CORE + "WebSocketFrameType"))),
            "FrameSend")
        .hook("sendClose()", method("sendClose", 0), ENTER_THIS, SEND_EMPTY_CLOSE)
        .hook("lastDataRead()", method("lastDataRead", 0), ENTER_THIS, EOF)
        .hook("markReadsBroken(Throwable)", method("markReadsBroken", 1), ENTER_THIS, READS_BROKEN);
    type(CORE + "WebSockets")
        .advice(
            "sendClose(CloseMessage, WebSocketChannel, WebSocketCallback, Object)",
            method("sendClose", 4).and(takesArgument(0, named(CORE + "CloseMessage"))),
            "SendClose")
        .advice(
            "sendCloseBlocking(CloseMessage, WebSocketChannel)",
            method("sendCloseBlocking", 2).and(takesArgument(0, named(CORE + "CloseMessage"))),
            "SendClose");
    type(CORE + "AbstractReceiveListener")
        .hook(closeReceived, method("onFullCloseMessage", 2), ENTER_ARG0_ARG1, CLOSE_RECEIVED);
    type("io.undertow.websockets.jsr.FrameHandler")
        .hook(closeReceived, method("onFullCloseMessage", 2), ENTER_ARG0_ARG1, CLOSE_RECEIVED);
  }
}
