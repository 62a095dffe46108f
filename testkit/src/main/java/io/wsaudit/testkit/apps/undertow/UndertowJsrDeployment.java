package io.wsaudit.testkit.apps.undertow;

import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.websockets.jsr.WebSocketDeploymentInfo;
import io.wsaudit.testkit.apps.JakartaEndpoints;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/**
 * The servlet deployment of {@link UndertowEchoApp}: a Jakarta (JSR) echo endpoint on {@code
 * /app/jsr}. A class of its own so that an app without the servlet jars never loads it.
 */
final class UndertowJsrDeployment {

  private UndertowJsrDeployment() {}

  static HttpHandler start() throws Exception {
    DeploymentInfo deployment =
        Servlets.deployment()
            .setClassLoader(UndertowJsrDeployment.class.getClassLoader())
            .setContextPath("/app")
            .setDeploymentName("app.war")
            .addServletContextAttribute(
                WebSocketDeploymentInfo.ATTRIBUTE_NAME,
                new WebSocketDeploymentInfo()
                    .setBuffers(new DefaultByteBufferPool(true, 1024))
                    .addEndpoint(JsrEcho.class));
    DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment);
    manager.deploy();
    return manager.start();
  }

  /** The Jakarta endpoint; same query parameters as the core handler. */
  @ServerEndpoint("/jsr")
  public static final class JsrEcho {
    @OnOpen
    public void open(Session session) {
      JakartaEndpoints.onOpen(session);
    }

    @OnMessage
    public String echo(String message) {
      return message;
    }
  }
}
