package io.wsaudit.e2e.apps;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * A sample embedded Tomcat application: a Jakarta {@code @ServerEndpoint} echo on {@code /ws}, on
 * 127.0.0.1, a free port. Its JVM's class path holds only Tomcat's jars and these classes (see
 * {@code ForkedApp}), so Tomcat runs with its own Servlet and WebSocket API classes, as in a real
 * deployment.
 */
public final class TomcatEchoApp {

  private TomcatEchoApp() {}

  public static void main(String[] args) throws Exception {
    Tomcat tomcat = new Tomcat();
    java.nio.file.Path base = Files.createTempDirectory("wsaudit-e2e-tomcat");
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", null);
    context.addServletContainerInitializer(new WsSci(), Set.of(Echo.class));
    // WsFilter only runs for a request some servlet maps; without one Tomcat answers 404 before any
    // filter.
    Tomcat.addServlet(context, "fallback", new NotFound());
    context.addServletMappingDecoded("/", "fallback");
    tomcat.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    tomcat.stop();
                    tomcat.destroy();
                    try (var paths = Files.walk(base)) {
                      paths
                          .sorted(java.util.Comparator.reverseOrder())
                          .forEach(p -> p.toFile().delete());
                    }
                  } catch (Exception ignored) {
                    // exiting anyway
                  }
                }));
    System.out.println("READY port=" + connector.getLocalPort());
  }

  /** What a request that is not a WebSocket upgrade gets. */
  static final class NotFound extends HttpServlet {
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.sendError(404);
    }
  }

  /** The echo endpoint. */
  @ServerEndpoint("/ws")
  public static final class Echo {
    @OnMessage
    public String echo(String message) {
      return message;
    }
  }
}
