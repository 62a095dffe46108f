package io.wsaudit.agent.instrumentation.jetty.v12_0;

import static io.wsaudit.agent.instrumentation.BridgeAdvice.ENTER_THIS;
import static io.wsaudit.agent.instrumentation.BridgeAdvice.EXIT_THIS;
import static io.wsaudit.agent.instrumentation.jetty.v12_0.JettyHookIds.CONNECTION_CLOSED;
import static io.wsaudit.agent.instrumentation.jetty.v12_0.JettyHookIds.FAMILY;
import static io.wsaudit.agent.instrumentation.jetty.v12_0.JettyHookIds.SERVER_STOPPING;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.wsaudit.agent.instrumentation.FamilyModule;

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
public final class JettyModule extends FamilyModule {

  public JettyModule() {
    super("jetty", FAMILY, "jetty 12.0-12.1");
    type("org.eclipse.jetty.websocket.core.server.internal.RFC6455Handshaker")
        .advice(
            "isWebSocketUpgradeRequest(Request)",
            method("isWebSocketUpgradeRequest", 1),
            "UpgradeCheck");
    // Jetty's HTTP/1.1 layer refuses "Upgrade" without "Connection: upgrade" (as a bad h2c
    // upgrade, 400) before any handler runs, so the WebSocket layer never sees that request.
    type("org.eclipse.jetty.server.internal.HttpConnection$HttpStreamOverHTTP1")
        .advice("upgrade()", method("upgrade", 0), "HttpUpgradeRefused");
    type("org.eclipse.jetty.websocket.core.WebSocketCoreSession")
        // 12.1 queues OutgoingEntry objects, 12.0 takes (Frame, Callback, boolean): one advice
        // serves both.
        .advice(
            "sendFrame(OutgoingEntry) or sendFrame(Frame, Callback, boolean)",
            named("sendFrame").and(takesArguments(1).or(takesArguments(3))),
            "SendFrame")
        .advice(
            "onFrame(Frame, Callback)",
            method("onFrame", 2)
                .and(takesArgument(0, named("org.eclipse.jetty.websocket.core.Frame"))),
            "FrameReceived")
        .advice("onEof()", method("onEof", 0), "Eof")
        .advice(
            "processConnectionError(Throwable, Callback)",
            method("processConnectionError", 2),
            "ConnectionError");
    // The server is stopping: its WebSocket connections close by shutdown from here on.
    type("org.eclipse.jetty.server.Server")
        .hook("doStop()", method("doStop", 0), ENTER_THIS, SERVER_STOPPING);
    // Every endpoint class (plain, TLS, proxied) extends it: the upgraded endpoint holds its
    // record.
    type("org.eclipse.jetty.io.AbstractEndPoint").carriesConnection();
    type("org.eclipse.jetty.websocket.core.WebSocketConnection")
        .hook("onClose(Throwable)", method("onClose", 1), EXIT_THIS, CONNECTION_CLOSED);
  }
}
