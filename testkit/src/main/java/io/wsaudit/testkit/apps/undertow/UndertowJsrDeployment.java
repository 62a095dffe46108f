package io.wsaudit.testkit.apps.undertow;

import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.websockets.jsr.WebSocketDeploymentInfo;
import io.wsaudit.testkit.apps.JakartaEndpoints;

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
                    .addEndpoint(JakartaEndpoints.JsrEcho.class));
    DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment);
    manager.deploy();
    return manager.start();
  }
}
