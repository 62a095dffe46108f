package io.wsaudit.agent.instrumentation.javawebsocket.v1_5;

import static io.wsaudit.agent.instrumentation.BridgeAdvice.AROUND_ARG0;
import static io.wsaudit.agent.instrumentation.BridgeAdvice.AROUND_THIS;
import static io.wsaudit.agent.instrumentation.BridgeAdvice.ENTER_ARG0_ARG1;
import static io.wsaudit.agent.instrumentation.BridgeAdvice.ENTER_THIS;
import static io.wsaudit.agent.instrumentation.BridgeAdvice.ENTER_THIS_ARG0;
import static io.wsaudit.agent.instrumentation.BridgeAdvice.EXIT_THIS;
import static io.wsaudit.agent.instrumentation.javawebsocket.v1_5.JavaWebSocketHookIds.ACCEPTED;
import static io.wsaudit.agent.instrumentation.javawebsocket.v1_5.JavaWebSocketHookIds.CLOSE_CONNECTION;
import static io.wsaudit.agent.instrumentation.javawebsocket.v1_5.JavaWebSocketHookIds.CLOSE_RECEIVED;
import static io.wsaudit.agent.instrumentation.javawebsocket.v1_5.JavaWebSocketHookIds.EOT;
import static io.wsaudit.agent.instrumentation.javawebsocket.v1_5.JavaWebSocketHookIds.FAMILY;
import static io.wsaudit.agent.instrumentation.javawebsocket.v1_5.JavaWebSocketHookIds.FRAMES_SENT;
import static io.wsaudit.agent.instrumentation.javawebsocket.v1_5.JavaWebSocketHookIds.HANDSHAKE_ENTER;
import static io.wsaudit.agent.instrumentation.javawebsocket.v1_5.JavaWebSocketHookIds.HANDSHAKE_EXIT;
import static io.wsaudit.agent.instrumentation.javawebsocket.v1_5.JavaWebSocketHookIds.LOST_CHECK_ENTER;
import static io.wsaudit.agent.instrumentation.javawebsocket.v1_5.JavaWebSocketHookIds.LOST_CHECK_EXIT;
import static io.wsaudit.agent.instrumentation.javawebsocket.v1_5.JavaWebSocketHookIds.OPEN;
import static io.wsaudit.agent.instrumentation.javawebsocket.v1_5.JavaWebSocketHookIds.REJECTED404;
import static io.wsaudit.agent.instrumentation.javawebsocket.v1_5.JavaWebSocketHookIds.REJECTED500;
import static io.wsaudit.agent.instrumentation.javawebsocket.v1_5.JavaWebSocketHookIds.REQUEST;
import static io.wsaudit.agent.instrumentation.javawebsocket.v1_5.JavaWebSocketHookIds.STOP;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.wsaudit.agent.instrumentation.FamilyModule;

/**
 * TooTallNate Java-WebSocket 1.5 and 1.6 ({@code org.java_websocket}, server role). The server is
 * not an HTTP server: {@code WebSocketImpl#decodeHandshake} parses the request and decides.
 * Accepted: the draft builds the 101 ({@code Draft_6455#postProcessHandshakeResponseAsServer}
 * returns), the 101 is queued, then the private {@code open} runs — the connection is recorded when
 * that method returns, before the 101 can reach the peer, because the peer may close before {@code
 * open} runs. Refused (HTTP/1.0, wrong method or version, no key, the application's own refusal):
 * it writes {@code HTTP/1.1 404 WebSocket Upgrade Failure} (or 500) in {@code
 * closeConnectionDueToWrongHandshake} / {@code closeConnectionDueToInternalServerError}, calls no
 * callback and leaves the TCP connection open — so the rejected handshake is recorded right there.
 * Closes are read from the close frames themselves ({@code WebSocketImpl#sendFrame(CloseFrame)},
 * {@code Draft_6455#processFrameClosing}), the end of stream ({@code WebSocketImpl#eot}), I/O
 * errors ({@code WebSocketServer#handleIOException}), the lost-connection (pong) checker ({@code
 * AbstractWebSocket#executeConnectionLostDetection}), and the single terminal {@code
 * WebSocketImpl#closeConnection(int, String, boolean)}.
 */
public final class JavaWebSocketModule extends FamilyModule {

  public JavaWebSocketModule() {
    super("java-websocket", FAMILY, "java-websocket 1.5-1.6");
    type("org.java_websocket.WebSocketImpl")
        // Runs only while the connection is not yet open (the handshake phase).
        .hook(
            "decodeHandshake(ByteBuffer)",
            method("decodeHandshake", 1).and(takesArgument(0, named("java.nio.ByteBuffer"))),
            AROUND_THIS,
            HANDSHAKE_ENTER,
            HANDSHAKE_EXIT)
        .hook(
            "open(Handshakedata)",
            method("open", 1)
                .and(takesArgument(0, named("org.java_websocket.handshake.Handshakedata"))),
            ENTER_THIS,
            OPEN)
        .hook(
            "closeConnectionDueToWrongHandshake(InvalidDataException)",
            method("closeConnectionDueToWrongHandshake", 1),
            ENTER_THIS_ARG0,
            REJECTED404)
        .hook(
            "closeConnectionDueToInternalServerError(RuntimeException)",
            method("closeConnectionDueToInternalServerError", 1),
            ENTER_THIS_ARG0,
            REJECTED500)
        .advice(
            "sendFrame(Framedata)",
            method("sendFrame", 1)
                .and(takesArgument(0, named("org.java_websocket.framing.Framedata"))),
            "SendFrame")
        // Every frame the server writes (messages, pongs, pings, close frames) goes through the
        // private send(Collection). Noted on entry: once it has queued the frames, the selector
        // thread may put them on the wire (and the peer answer and leave) before this thread
        // runs again.
        .hook(
            "send(Collection)",
            method("send", 1).and(takesArgument(0, named("java.util.Collection"))),
            ENTER_THIS_ARG0,
            FRAMES_SENT)
        .hook("eot()", method("eot", 0), ENTER_THIS, EOT)
        .hook(
            "closeConnection(int, String, boolean)",
            method("closeConnection", 3)
                .and(takesArgument(0, int.class))
                .and(takesArgument(1, String.class))
                .and(takesArgument(2, boolean.class)),
            ENTER_THIS,
            CLOSE_CONNECTION);
    type("org.java_websocket.drafts.Draft")
        .hook(
            "translateHandshake(ByteBuffer)",
            method("translateHandshake", 1).and(takesArgument(0, named("java.nio.ByteBuffer"))),
            ENTER_THIS_ARG0,
            REQUEST);
    type("org.java_websocket.drafts.Draft_6455")
        // Runs on a normal return only: the draft accepted and the 101 is about to be queued.
        .hook(
            "postProcessHandshakeResponseAsServer(ClientHandshake, ServerHandshakeBuilder)",
            method("postProcessHandshakeResponseAsServer", 2),
            EXIT_THIS,
            ACCEPTED)
        .advice(
            "processFrame(WebSocketImpl, Framedata)", method("processFrame", 2), "FrameReceived")
        .hook(
            "processFrameClosing(WebSocketImpl, Framedata)",
            method("processFrameClosing", 2),
            ENTER_ARG0_ARG1,
            CLOSE_RECEIVED);
    type("org.java_websocket.AbstractWebSocket")
        // Once per connection per lost-connection interval (default 60 s): marks the checker's
        // thread.
        .hook(
            "executeConnectionLostDetection(WebSocket, long)",
            method("executeConnectionLostDetection", 2),
            AROUND_ARG0,
            LOST_CHECK_ENTER,
            LOST_CHECK_EXIT);
    type("org.java_websocket.server.WebSocketServer")
        .advice(
            "handleIOException(SelectionKey, WebSocket, IOException)",
            method("handleIOException", 3),
            "IoError")
        // 1.5.7/1.6.0: stop(int) delegates to stop(int, String); 1.5.0 has stop(int) only.
        .hook(
            "stop(int[, String])",
            named("stop")
                .and(takesArgument(0, int.class))
                .and(takesArguments(1).or(takesArguments(2).and(takesArgument(1, String.class)))),
            ENTER_THIS,
            STOP);
  }
}
