package io.wsaudit.agent.instrumentation.jetty.v12_0;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.wsaudit.agent.instrumentation.InstrumentationModule;
import io.wsaudit.agent.instrumentation.MethodAdvice;
import io.wsaudit.agent.instrumentation.TypeInstrumentation;
import java.util.List;

/**
 * Jetty 12.0 and 12.1 core WebSocket ({@code org.eclipse.jetty.websocket.core}), which the Jetty
 * API and the ee8/ee9/ee10/ee11 Jakarta endpoints all go through.
 *
 * <p>The handshake is observed where Jetty decides whether a request is an upgrade at all ({@code
 * RFC6455Handshaker#isWebSocketUpgradeRequest}, also the ee10 filter's pre-check), and finished
 * where the HTTP response is final: a wrapper on that one request's {@code HttpStream} sees the
 * status that went out (the 101, or whatever the next handler answered after Jetty's silent
 * refusal, 404 when nothing did) and whether the connection persists. Closes are read from the core
 * session: the close frames it writes and reads, its EOF and connection errors, and the
 * connection's {@code onClose}.
 */
public final class JettyModule implements InstrumentationModule {

  private static final String ADVICE = JettyModule.class.getPackageName() + ".JettyAdvice$";

  @Override
  public String family() {
    return "jetty";
  }

  @Override
  public int familyId() {
    return JettyHookIds.FAMILY;
  }

  @Override
  public String description() {
    return "jetty 12.0-12.1";
  }

  @Override
  public String hooksClassName() {
    return JettyModule.class.getPackageName() + ".linked.JettyHooks";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        new TypeInstrumentation(
            "org.eclipse.jetty.websocket.core.server.internal.RFC6455Handshaker",
            new MethodAdvice(
                "isWebSocketUpgradeRequest(Request)",
                named("isWebSocketUpgradeRequest").and(takesArguments(1)),
                ADVICE + "UpgradeCheck")),
        // Jetty's HTTP/1.1 layer refuses "Upgrade" without "Connection: upgrade" (as a bad h2c
        // upgrade, 400)
        // before any handler runs, so the WebSocket layer never sees that request.
        new TypeInstrumentation(
            "org.eclipse.jetty.server.internal.HttpConnection$HttpStreamOverHTTP1",
            new MethodAdvice(
                "upgrade()",
                named("upgrade").and(takesArguments(0)),
                ADVICE + "HttpUpgradeRefused")),
        new TypeInstrumentation(
            "org.eclipse.jetty.websocket.core.WebSocketCoreSession",
            // 12.1 queues OutgoingEntry objects, 12.0 takes (Frame, Callback, boolean): one advice
            // serves both.
            new MethodAdvice(
                "sendFrame(OutgoingEntry) or sendFrame(Frame, Callback, boolean)",
                named("sendFrame").and(takesArguments(1).or(takesArguments(3))),
                ADVICE + "SendFrame"),
            new MethodAdvice(
                "onFrame(Frame, Callback)",
                named("onFrame")
                    .and(takesArguments(2))
                    .and(takesArgument(0, named("org.eclipse.jetty.websocket.core.Frame"))),
                ADVICE + "FrameReceived"),
            new MethodAdvice("onEof()", named("onEof").and(takesArguments(0)), ADVICE + "Eof"),
            new MethodAdvice(
                "processConnectionError(Throwable, Callback)",
                named("processConnectionError").and(takesArguments(2)),
                ADVICE + "ConnectionError")),
        new TypeInstrumentation(
            "org.eclipse.jetty.server.Server",
            new MethodAdvice(
                "doStop()", named("doStop").and(takesArguments(0)), ADVICE + "ServerStopping")),
        new TypeInstrumentation(
            "org.eclipse.jetty.websocket.core.WebSocketConnection",
            new MethodAdvice(
                "onClose(Throwable)",
                named("onClose").and(takesArguments(1)),
                ADVICE + "ConnectionClosed")));
  }
}
