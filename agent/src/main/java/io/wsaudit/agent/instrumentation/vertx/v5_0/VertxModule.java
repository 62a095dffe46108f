package io.wsaudit.agent.instrumentation.vertx.v5_0;

import static io.wsaudit.agent.instrumentation.BridgeAdvice.EXIT_ARG0;
import static io.wsaudit.agent.instrumentation.vertx.v5_0.VertxHookIds.DISPATCH;
import static io.wsaudit.agent.instrumentation.vertx.v5_0.VertxHookIds.FAMILY;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.wsaudit.agent.instrumentation.FamilyModule;

/**
 * Vert.x 5.0's own upgrade refusals, answered before Netty's handshaker is asked: a 400 from {@code
 * Http1xServerRequestHandler#handle} when a WebSocket handler is set but {@code Upgrade: websocket}
 * is missing (and no request handler takes the request), and the 400/405 of {@code
 * Http1xServerConnection#createHandshaker} for a {@code Connection} without {@code upgrade} or a
 * wrong method. Tested with 5.0.7; 5.1 moved the connection to {@code http1.Http1ServerConnection}
 * (not tested).
 */
public final class VertxModule extends FamilyModule {

  private static final String IMPL = "io.vertx.core.http.impl.";

  public VertxModule() {
    super("vertx", FAMILY, "vertx 5.0 (rejections)");
    type(IMPL + "Http1xServerRequestHandler")
        // The 400 for a missing Upgrade.
        .hook(
            "handle(HttpServerRequest)",
            method("handle", 1)
                .and(takesArgument(0, named("io.vertx.core.http.HttpServerRequest"))),
            EXIT_ARG0,
            DISPATCH);
    type(IMPL + "Http1xServerConnection")
        .advice(
            "createHandshaker(Http1xServerRequest)",
            method("createHandshaker", 1)
                .and(takesArgument(0, named(IMPL + "Http1xServerRequest"))),
            "CreateHandshaker");
  }
}
