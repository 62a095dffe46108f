package io.wsaudit.agent.it;

import io.wsaudit.agent.it.apps.JavaWebSocketEchoApp;
import io.wsaudit.testkit.apps.jetty.JettyEchoApp;
import io.wsaudit.testkit.apps.netty.NettyEchoApp;
import io.wsaudit.testkit.apps.tomcat.TomcatEchoApp;
import io.wsaudit.testkit.apps.undertow.UndertowEchoApp;
import java.util.stream.Stream;

/**
 * The echo app of each of the five server families that upgrade connections themselves, for ITs
 * that run one scenario over all of them
 * ({@code @MethodSource("io.wsaudit.agent.it.FiveFamilies#apps")}).
 */
final class FiveFamilies {

  private FiveFamilies() {}

  static Stream<Class<?>> apps() {
    return Stream.of(
        UndertowEchoApp.class,
        TomcatEchoApp.class,
        JettyEchoApp.class,
        NettyEchoApp.class,
        JavaWebSocketEchoApp.class);
  }
}
