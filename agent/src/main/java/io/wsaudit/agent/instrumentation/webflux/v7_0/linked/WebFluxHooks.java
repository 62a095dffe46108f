package io.wsaudit.agent.instrumentation.webflux.v7_0.linked;

import io.wsaudit.agent.instrumentation.FamilyHooks;
import io.wsaudit.agent.instrumentation.HookContext;
import io.wsaudit.agent.instrumentation.webflux.v7_0.WebFluxHookIds;
import io.wsaudit.agent.telemetry.HandshakeCheck;
import io.wsaudit.agent.telemetry.HandshakeDecision;
import io.wsaudit.agent.telemetry.RequestHeaders;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import java.util.List;
import org.springframework.core.SpringVersion;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Records the upgrades Spring WebFlux refuses itself, in the order {@code
 * HandshakeWebSocketService#handleRequest} checks (method, Upgrade, Connection, key): a proxy that
 * replaced {@code Connection: upgrade} otherwise gets a 400 that no span explains.
 */
public final class WebFluxHooks extends FamilyHooks {

  private static final HandshakeCheck[] CHECKS = {
    HandshakeCheck.METHOD_GET,
    HandshakeCheck.UPGRADE_WEBSOCKET,
    HandshakeCheck.CONNECTION_UPGRADE,
    HandshakeCheck.KEY_PRESENT
  };

  private final String server;

  public WebFluxHooks(HookContext context) {
    super(context);
    String version = SpringVersion.getVersion();
    int second = version == null ? -1 : version.indexOf('.', version.indexOf('.') + 1);
    this.server = "spring-webflux" + (second > 0 ? "-" + version.substring(0, second) : "");
  }

  @Override
  public Object on(int hook, Object self, Object a0, Object a1, Object a2) {
    if (hook != WebFluxHookIds.HANDLE_REQUEST) {
      return context.unknownHook(hook);
    }
    handleRequest((ServerWebExchange) self);
    return null;
  }

  private void handleRequest(ServerWebExchange exchange) {
    long start = telemetry.now();
    ServerHttpRequest request = exchange.getRequest();
    HttpHeaders http = request.getHeaders();
    RequestHeaders headers =
        name -> {
          List<String> values = http.get(name);
          return values == null ? List.of() : values;
        };
    if (!headers.isWebSocketAttempt()) {
      return; // a plain request on a WebSocket route: not an upgrade attempt
    }
    HandshakeDecision decision =
        new HandshakeDecision()
            .server(server)
            .startEpochNanos(start)
            .method(request.getMethod().name())
            .path(request.getURI().getRawPath())
            .upgraded(false)
            .peer(request.getRemoteAddress())
            .local(request.getLocalAddress())
            .headers(headers);
    String rejection = HandshakeCheck.classify(decision, CHECKS);
    if (Rejection.OTHER.equals(rejection)) {
      return; // Spring accepts: the upgrade itself is the netty family's to record
    }
    // MethodNotAllowedException is a 405, ServerWebInputException a 400.
    decision.status(Rejection.METHOD.equals(rejection) ? 405 : 400).rejection(rejection);
    telemetry.handshake(decision);
  }
}
