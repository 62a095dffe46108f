package io.wsaudit.agent.instrumentation.tomcat.v9_0;

import static io.wsaudit.agent.instrumentation.BridgeAdvice.ENTER_THIS;
import static io.wsaudit.agent.instrumentation.BridgeAdvice.ENTER_THIS_ARG0;
import static io.wsaudit.agent.instrumentation.tomcat.v9_0.TomcatHookIds.CLOSE_SENT;
import static io.wsaudit.agent.instrumentation.tomcat.v9_0.TomcatHookIds.FAMILY;
import static io.wsaudit.agent.instrumentation.tomcat.v9_0.TomcatHookIds.ON_CLOSE;

import io.wsaudit.agent.instrumentation.FamilyModule;

/**
 * Tomcat 9.0 (javax), 10.1 and 11.0 (jakarta). The advice names no {@code javax.*}/{@code
 * jakarta.*} type, so one family serves all three; the linked hooks read the spec's {@code
 * CloseReason} reflectively.
 *
 * <p>The handshake is recorded at the commit of its response ({@code
 * Http11Processor#prepareResponse}), where the status and Tomcat's keep-alive decision are final
 * and the socket's addresses are at hand. The WebSocket side is tied to that connection when {@code
 * WsHttpUpgradeHandler#init} creates the session, and ends when the upgrade handler is destroyed
 * (Tomcat's release of the upgraded connection). {@code WsSession}, which every per-frame hook
 * reaches, carries the session's record in a field of its own.
 */
public final class TomcatModule extends FamilyModule {

  public TomcatModule() {
    super("tomcat", FAMILY, "tomcat 9.0-11.0");
    type("org.apache.coyote.http11.Http11Processor")
        .advice("prepareResponse()", method("prepareResponse", 0), "ResponsePrepared");
    type("org.apache.tomcat.websocket.server.WsHttpUpgradeHandler")
        .advice("init(WebConnection)", method("init", 1), "SessionOpen")
        .advice("upgradeDispatch(SocketEvent)", method("upgradeDispatch", 1), "Dispatch")
        .advice("destroy()", method("destroy", 0), "Destroy");
    type("org.apache.tomcat.websocket.server.WsFrameServer")
        .advice("notifyDataAvailable()", method("notifyDataAvailable", 0), "ReadFailed");
    type("org.apache.tomcat.websocket.WsFrameBase")
        .advice("processDataControl()", method("processDataControl", 0), "ControlFrame")
        .advice("processInitialHeader()", method("processInitialHeader", 0), "FrameHeaderRead");
    type("org.apache.tomcat.websocket.WsRemoteEndpointImplBase")
        .advice("writeMessagePart(MessagePart)", method("writeMessagePart", 1), "FrameWrite");
    type("org.apache.tomcat.websocket.WsSession")
        .carriesConnection()
        // The close frame Tomcat writes (its own, or its echo of the peer's).
        .hook(
            "sendCloseMessage(CloseReason)",
            method("sendCloseMessage", 1),
            ENTER_THIS_ARG0,
            CLOSE_SENT)
        .hook("onClose(CloseReason)", method("onClose", 1), ENTER_THIS, ON_CLOSE);
  }
}
