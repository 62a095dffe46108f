package io.wsaudit.agent.instrumentation;

import io.wsaudit.agent.instrumentation.javawebsocket.v1_5.JavaWebSocketModule;
import io.wsaudit.agent.instrumentation.jetty.v12_0.JettyModule;
import io.wsaudit.agent.instrumentation.netty.v4_1.NettyModule;
import io.wsaudit.agent.instrumentation.tomcat.v9_0.TomcatModule;
import io.wsaudit.agent.instrumentation.undertow.v2_2.UndertowModule;
import io.wsaudit.agent.instrumentation.vertx.v5_0.VertxModule;
import io.wsaudit.agent.instrumentation.webflux.v7_0.WebFluxModule;
import java.util.List;

/** Every server family the agent knows, in the order they are listed at startup. */
public final class Modules {

  private Modules() {}

  public static List<InstrumentationModule> all() {
    return List.of(
        new UndertowModule(),
        new TomcatModule(),
        new JettyModule(),
        new JavaWebSocketModule(),
        new NettyModule(),
        new WebFluxModule(),
        new VertxModule());
  }
}
