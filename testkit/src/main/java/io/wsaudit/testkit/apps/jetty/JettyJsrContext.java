package io.wsaudit.testkit.apps.jetty;

import io.wsaudit.testkit.apps.JakartaEndpoints;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.handler.ContextHandler;

/**
 * The ee10 context of {@link JettyEchoApp}: a Jakarta echo endpoint on {@code /app/jsr}. A class of
 * its own so that an app without the ee10 jars never loads it.
 */
final class JettyJsrContext {

  private JettyJsrContext() {}

  /** Typed as core Jetty, so that verifying the app's main class needs no ee10 class. */
  static ContextHandler create() {
    ServletContextHandler app = new ServletContextHandler("/app");
    JakartaWebSocketServletContainerInitializer.configure(
        app, (servletContext, container) -> container.addEndpoint(JakartaEndpoints.JsrEcho.class));
    return app;
  }
}
