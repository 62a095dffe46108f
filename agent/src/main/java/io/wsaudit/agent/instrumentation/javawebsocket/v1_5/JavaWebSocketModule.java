package io.wsaudit.agent.instrumentation.javawebsocket.v1_5;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.wsaudit.agent.instrumentation.InstrumentationModule;
import io.wsaudit.agent.instrumentation.MethodAdvice;
import io.wsaudit.agent.instrumentation.TypeInstrumentation;
import java.util.List;

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
public final class JavaWebSocketModule implements InstrumentationModule {

  private static final String ADVICE =
      JavaWebSocketModule.class.getPackageName() + ".JavaWebSocketAdvice$";

  @Override
  public String family() {
    return "java-websocket";
  }

  @Override
  public int familyId() {
    return JavaWebSocketHookIds.FAMILY;
  }

  @Override
  public String description() {
    return "java-websocket 1.5-1.6";
  }

  @Override
  public String hooksClassName() {
    return JavaWebSocketModule.class.getPackageName() + ".linked.JavaWebSocketHooks";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        new TypeInstrumentation(
            "org.java_websocket.WebSocketImpl",
            new MethodAdvice(
                "decodeHandshake(ByteBuffer)",
                named("decodeHandshake")
                    .and(takesArguments(1))
                    .and(takesArgument(0, named("java.nio.ByteBuffer"))),
                ADVICE + "DecodeHandshake"),
            new MethodAdvice(
                "open(Handshakedata)",
                named("open")
                    .and(takesArguments(1))
                    .and(takesArgument(0, named("org.java_websocket.handshake.Handshakedata"))),
                ADVICE + "Open"),
            new MethodAdvice(
                "closeConnectionDueToWrongHandshake(InvalidDataException)",
                named("closeConnectionDueToWrongHandshake").and(takesArguments(1)),
                ADVICE + "WrongHandshake"),
            new MethodAdvice(
                "closeConnectionDueToInternalServerError(RuntimeException)",
                named("closeConnectionDueToInternalServerError").and(takesArguments(1)),
                ADVICE + "InternalServerError"),
            new MethodAdvice(
                "sendFrame(Framedata)",
                named("sendFrame")
                    .and(takesArguments(1))
                    .and(takesArgument(0, named("org.java_websocket.framing.Framedata"))),
                ADVICE + "SendFrame"),
            new MethodAdvice(
                "send(Collection)",
                named("send")
                    .and(takesArguments(1))
                    .and(takesArgument(0, named("java.util.Collection"))),
                ADVICE + "FramesSent"),
            new MethodAdvice("eot()", named("eot").and(takesArguments(0)), ADVICE + "Eot"),
            new MethodAdvice(
                "closeConnection(int, String, boolean)",
                named("closeConnection")
                    .and(takesArguments(3))
                    .and(takesArgument(0, int.class))
                    .and(takesArgument(1, String.class))
                    .and(takesArgument(2, boolean.class)),
                ADVICE + "CloseConnection")),
        new TypeInstrumentation(
            "org.java_websocket.drafts.Draft",
            new MethodAdvice(
                "translateHandshake(ByteBuffer)",
                named("translateHandshake")
                    .and(takesArguments(1))
                    .and(takesArgument(0, named("java.nio.ByteBuffer"))),
                ADVICE + "TranslateHandshake")),
        new TypeInstrumentation(
            "org.java_websocket.drafts.Draft_6455",
            new MethodAdvice(
                "postProcessHandshakeResponseAsServer(ClientHandshake, ServerHandshakeBuilder)",
                named("postProcessHandshakeResponseAsServer").and(takesArguments(2)),
                ADVICE + "Accepted"),
            new MethodAdvice(
                "processFrame(WebSocketImpl, Framedata)",
                named("processFrame").and(takesArguments(2)),
                ADVICE + "FrameReceived"),
            new MethodAdvice(
                "processFrameClosing(WebSocketImpl, Framedata)",
                named("processFrameClosing").and(takesArguments(2)),
                ADVICE + "CloseReceived")),
        new TypeInstrumentation(
            "org.java_websocket.AbstractWebSocket",
            new MethodAdvice(
                "executeConnectionLostDetection(WebSocket, long)",
                named("executeConnectionLostDetection").and(takesArguments(2)),
                ADVICE + "LostCheck")),
        new TypeInstrumentation(
            "org.java_websocket.server.WebSocketServer",
            new MethodAdvice(
                "handleIOException(SelectionKey, WebSocket, IOException)",
                named("handleIOException").and(takesArguments(3)),
                ADVICE + "IoError"),
            // 1.5.7/1.6.0: stop(int) delegates to stop(int, String); 1.5.0 has stop(int) only.
            new MethodAdvice(
                "stop(int[, String])",
                named("stop")
                    .and(takesArgument(0, int.class))
                    .and(
                        takesArguments(1)
                            .or(takesArguments(2).and(takesArgument(1, String.class)))),
                ADVICE + "Stop")));
  }
}
