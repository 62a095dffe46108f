package io.wsaudit.agent.instrumentation.vertx.v5_0;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.wsaudit.agent.instrumentation.InstrumentationModule;
import io.wsaudit.agent.instrumentation.MethodAdvice;
import io.wsaudit.agent.instrumentation.TypeInstrumentation;
import java.util.List;

/**
 * Vert.x 5.0's own upgrade refusals, answered before Netty's handshaker is asked: a 400 from {@code
 * Http1xServerRequestHandler#handle} when a WebSocket handler is set but {@code Upgrade: websocket}
 * is missing (and no request handler takes the request), and the 400/405 of {@code
 * Http1xServerConnection#createHandshaker} for a {@code Connection} without {@code upgrade} or a
 * wrong method. Tested with 5.0.7; 5.1 moved the connection to {@code http1.Http1ServerConnection}
 * (not tested).
 */
public final class VertxModule implements InstrumentationModule {

  private static final String IMPL = "io.vertx.core.http.impl.";

  @Override
  public String family() {
    return "vertx";
  }

  @Override
  public int familyId() {
    return VertxHookIds.FAMILY;
  }

  @Override
  public String description() {
    return "vertx 5.0 (rejections)";
  }

  @Override
  public String hooksClassName() {
    return VertxModule.class.getPackageName() + ".linked.VertxHooks";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    String advice = VertxModule.class.getPackageName() + ".VertxAdvice$";
    return List.of(
        new TypeInstrumentation(
            IMPL + "Http1xServerRequestHandler",
            new MethodAdvice(
                "handle(HttpServerRequest)",
                named("handle")
                    .and(takesArguments(1))
                    .and(takesArgument(0, named("io.vertx.core.http.HttpServerRequest"))),
                advice + "Dispatch")),
        new TypeInstrumentation(
            IMPL + "Http1xServerConnection",
            new MethodAdvice(
                "createHandshaker(Http1xServerRequest)",
                named("createHandshaker")
                    .and(takesArguments(1))
                    .and(takesArgument(0, named(IMPL + "Http1xServerRequest"))),
                advice + "CreateHandshaker")));
  }
}
