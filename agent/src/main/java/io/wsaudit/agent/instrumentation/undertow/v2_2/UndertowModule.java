package io.wsaudit.agent.instrumentation.undertow.v2_2;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.wsaudit.agent.instrumentation.InstrumentationModule;
import io.wsaudit.agent.instrumentation.MethodAdvice;
import io.wsaudit.agent.instrumentation.TypeInstrumentation;
import java.util.List;

/**
 * Undertow 2.2 and 2.3 ({@code io.undertow.websockets}, core handler and JSR filter). The handshake
 * is finished in the HTTP layer ({@code HttpReadListener#exchangeComplete}), because that is where
 * Undertow decides to close a non-persistent connection after its 101 without ever creating the
 * WebSocket channel (HTTP/1.0 upstreams).
 */
public final class UndertowModule implements InstrumentationModule {

  private static final String ADVICE = UndertowModule.class.getPackageName() + ".UndertowAdvice$";

  @Override
  public String family() {
    return "undertow";
  }

  @Override
  public int familyId() {
    return UndertowHookIds.FAMILY;
  }

  @Override
  public String description() {
    return "undertow 2.2-2.3";
  }

  @Override
  public String hooksClassName() {
    return UndertowModule.class.getPackageName() + ".linked.UndertowHooks";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        new TypeInstrumentation(
            "io.undertow.websockets.WebSocketProtocolHandshakeHandler",
            new MethodAdvice(
                "handleRequest(HttpServerExchange)",
                named("handleRequest").and(takesArguments(1)),
                ADVICE + "HandshakeStart")),
        new TypeInstrumentation(
            "io.undertow.websockets.jsr.JsrWebSocketFilter",
            new MethodAdvice(
                "doFilter(ServletRequest, ServletResponse, FilterChain)",
                named("doFilter").and(takesArguments(3)),
                ADVICE + "ServletHandshakeStart")),
        new TypeInstrumentation(
            "io.undertow.server.protocol.http.HttpReadListener",
            new MethodAdvice(
                "exchangeComplete(HttpServerExchange)",
                named("exchangeComplete").and(takesArguments(1)),
                ADVICE + "ExchangeComplete")),
        new TypeInstrumentation(
            "io.undertow.websockets.core.WebSocketChannel",
            new MethodAdvice("WebSocketChannel(...)", isConstructor(), ADVICE + "ChannelOpen"),
            new MethodAdvice(
                "createChannel(FrameHeaderData, PooledByteBuffer)",
                named("createChannel")
                    .and(takesArguments(2))
                    .and(returns(named("io.undertow.websockets.core.StreamSourceFrameChannel"))),
                ADVICE + "FrameReceived"),
            new MethodAdvice(
                "send(WebSocketFrameType)",
                named("send")
                    .and(takesArguments(1))
                    .and(takesArgument(0, named("io.undertow.websockets.core.WebSocketFrameType"))),
                ADVICE + "FrameSend"),
            new MethodAdvice(
                "sendClose()",
                named("sendClose").and(takesArguments(0)),
                ADVICE + "SendEmptyClose"),
            new MethodAdvice(
                "lastDataRead()", named("lastDataRead").and(takesArguments(0)), ADVICE + "Eof"),
            new MethodAdvice(
                "markReadsBroken(Throwable)",
                named("markReadsBroken").and(takesArguments(1)),
                ADVICE + "ReadsBroken")),
        new TypeInstrumentation(
            "io.undertow.websockets.core.WebSockets",
            new MethodAdvice(
                "sendClose(CloseMessage, WebSocketChannel, WebSocketCallback, Object)",
                named("sendClose")
                    .and(takesArguments(4))
                    .and(takesArgument(0, named("io.undertow.websockets.core.CloseMessage"))),
                ADVICE + "SendClose"),
            new MethodAdvice(
                "sendCloseBlocking(CloseMessage, WebSocketChannel)",
                named("sendCloseBlocking")
                    .and(takesArguments(2))
                    .and(takesArgument(0, named("io.undertow.websockets.core.CloseMessage"))),
                ADVICE + "SendClose")),
        new TypeInstrumentation(
            "io.undertow.websockets.core.AbstractReceiveListener",
            new MethodAdvice(
                "onFullCloseMessage(WebSocketChannel, BufferedBinaryMessage)",
                named("onFullCloseMessage").and(takesArguments(2)),
                ADVICE + "CloseReceived")),
        new TypeInstrumentation(
            "io.undertow.websockets.jsr.FrameHandler",
            new MethodAdvice(
                "onFullCloseMessage(WebSocketChannel, BufferedBinaryMessage)",
                named("onFullCloseMessage").and(takesArguments(2)),
                ADVICE + "CloseReceived")));
  }
}
