package io.wsaudit.agent.instrumentation.tomcat.v9_0;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.wsaudit.agent.instrumentation.InstrumentationModule;
import io.wsaudit.agent.instrumentation.MethodAdvice;
import io.wsaudit.agent.instrumentation.TypeInstrumentation;
import java.util.List;

/**
 * Tomcat 9.0 (javax), 10.1 and 11.0 (jakarta). The advice names no {@code javax.*}/{@code
 * jakarta.*} type, so one family serves all three; the linked hooks read the spec's {@code
 * CloseReason} reflectively.
 *
 * <p>The handshake is recorded at the commit of its response ({@code
 * Http11Processor#prepareResponse}), where the status and Tomcat's keep-alive decision are final
 * and the socket's addresses are at hand. The WebSocket side is tied to that connection when {@code
 * WsHttpUpgradeHandler#init} creates the session, and ends when the upgrade handler is destroyed
 * (Tomcat's release of the upgraded connection).
 */
public final class TomcatModule implements InstrumentationModule {

  private static final String ADVICE = TomcatModule.class.getPackageName() + ".TomcatAdvice$";

  @Override
  public String family() {
    return "tomcat";
  }

  @Override
  public int familyId() {
    return TomcatHookIds.FAMILY;
  }

  @Override
  public String description() {
    return "tomcat 9.0-11.0";
  }

  @Override
  public String hooksClassName() {
    return TomcatModule.class.getPackageName() + ".linked.TomcatHooks";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        new TypeInstrumentation(
            "org.apache.coyote.http11.Http11Processor",
            new MethodAdvice(
                "prepareResponse()",
                named("prepareResponse").and(takesArguments(0)),
                ADVICE + "ResponsePrepared")),
        new TypeInstrumentation(
            "org.apache.tomcat.websocket.server.WsHttpUpgradeHandler",
            new MethodAdvice(
                "init(WebConnection)",
                named("init").and(takesArguments(1)),
                ADVICE + "SessionOpen"),
            new MethodAdvice(
                "upgradeDispatch(SocketEvent)",
                named("upgradeDispatch").and(takesArguments(1)),
                ADVICE + "Dispatch"),
            new MethodAdvice(
                "destroy()", named("destroy").and(takesArguments(0)), ADVICE + "Destroy")),
        new TypeInstrumentation(
            "org.apache.tomcat.websocket.server.WsFrameServer",
            new MethodAdvice(
                "notifyDataAvailable()",
                named("notifyDataAvailable").and(takesArguments(0)),
                ADVICE + "ReadFailed")),
        new TypeInstrumentation(
            "org.apache.tomcat.websocket.WsFrameBase",
            new MethodAdvice(
                "processDataControl()",
                named("processDataControl").and(takesArguments(0)),
                ADVICE + "ControlFrame"),
            new MethodAdvice(
                "processInitialHeader()",
                named("processInitialHeader").and(takesArguments(0)),
                ADVICE + "FrameHeaderRead")),
        new TypeInstrumentation(
            "org.apache.tomcat.websocket.WsRemoteEndpointImplBase",
            new MethodAdvice(
                "writeMessagePart(MessagePart)",
                named("writeMessagePart").and(takesArguments(1)),
                ADVICE + "FrameWrite")),
        new TypeInstrumentation(
            "org.apache.tomcat.websocket.WsSession",
            new MethodAdvice(
                "sendCloseMessage(CloseReason)",
                named("sendCloseMessage").and(takesArguments(1)),
                ADVICE + "CloseSent"),
            new MethodAdvice(
                "onClose(CloseReason)",
                named("onClose").and(takesArguments(1)),
                ADVICE + "OnClose")));
  }
}
