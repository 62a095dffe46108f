package io.wsaudit.agent.instrumentation.vertx.v5_0.linked;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.wsaudit.agent.instrumentation.FamilyHooks;
import io.wsaudit.agent.instrumentation.HookContext;
import io.wsaudit.agent.instrumentation.vertx.v5_0.VertxHookIds;
import io.wsaudit.agent.telemetry.HandshakeCheck;
import io.wsaudit.agent.telemetry.HandshakeDecision;
import io.wsaudit.agent.telemetry.RequestHeaders;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Records the upgrades Vert.x 5.0 refuses itself, with the status it answered: a proxy that
 * replaced {@code Connection: upgrade} or dropped {@code Upgrade} otherwise gets a 400 that no span
 * explains. Accepted upgrades go through Netty's handshaker and are not recorded here.
 */
public final class VertxHooks extends FamilyHooks {

  /** {@code createHandshaker}'s order: Connection, then method (URI and version follow). */
  private static final HandshakeCheck[] HANDSHAKER_CHECKS = {
    HandshakeCheck.CONNECTION_UPGRADE, HandshakeCheck.METHOD_GET
  };

  private final String server;

  public VertxHooks(HookContext context) {
    super(context);
    this.server = "vertx" + version();
  }

  private static String version() {
    try (InputStream in =
        HttpServerRequest.class
            .getClassLoader()
            .getResourceAsStream("META-INF/vertx/vertx-version.txt")) {
      if (in == null) {
        return "";
      }
      String version = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      int second = version.indexOf('.', version.indexOf('.') + 1);
      return second > 0 ? "-" + version.substring(0, second) : "";
    } catch (Exception | LinkageError e) {
      return "";
    }
  }

  @Override
  public Object on(int hook, Object self, Object a0, Object a1, Object a2) {
    switch (hook) {
      case VertxHookIds.DISPATCH:
        dispatched((HttpServerRequest) self);
        return null;
      case VertxHookIds.HANDSHAKER_REFUSED:
        handshakerRefused((HttpServerRequest) self);
        return null;
      default:
        return context.unknownHook(hook);
    }
  }

  /**
   * After dispatch: a WebSocket attempt without {@code Upgrade: websocket} that was answered 400
   * during dispatch is Vert.x's own refusal (a WebSocket handler and no request handler).
   */
  private void dispatched(HttpServerRequest request) {
    // Runs after every HTTP request: plain ones leave after two lookups, allocating nothing.
    MultiMap raw = request.headers();
    if (!raw.contains("Sec-WebSocket-Key") && !raw.contains("Sec-WebSocket-Version")) {
      return; // a plain request (an Upgrade without them is the handshaker's case)
    }
    RequestHeaders headers = headers(request);
    if (headers.hasToken("upgrade", "websocket")) {
      return; // an upgrade: Netty's handshaker records it
    }
    HttpServerResponse response = request.response();
    if (!response.ended() || response.getStatusCode() != 400) {
      return; // the application's request handler took it
    }
    telemetry.handshake(
        decision(request, headers).status(400).rejection(Rejection.MISSING_UPGRADE));
  }

  private void handshakerRefused(HttpServerRequest request) {
    RequestHeaders headers = headers(request);
    HandshakeDecision decision = decision(request, headers);
    String rejection = HandshakeCheck.classify(decision, HANDSHAKER_CHECKS);
    if (Rejection.OTHER.equals(rejection)) {
      return; // bad URI or WebSocket version: not recorded by this family
    }
    telemetry.handshake(decision.status(request.response().getStatusCode()).rejection(rejection));
  }

  private static RequestHeaders headers(HttpServerRequest request) {
    return name -> {
      List<String> values = request.headers().getAll(name);
      return values == null ? List.of() : values;
    };
  }

  private HandshakeDecision decision(HttpServerRequest request, RequestHeaders headers) {
    return new HandshakeDecision()
        .server(server)
        .startEpochNanos(telemetry.now())
        .method(request.method().name())
        .path(request.path())
        .protocol(request.version() == null ? null : request.version().alpnName())
        .upgraded(false)
        .peer(address(request.remoteAddress()))
        .local(address(request.localAddress()))
        .headers(headers);
  }

  private static InetSocketAddress address(SocketAddress address) {
    if (address == null || address.hostAddress() == null) {
      return null;
    }
    return InetSocketAddress.createUnresolved(address.hostAddress(), address.port());
  }
}
