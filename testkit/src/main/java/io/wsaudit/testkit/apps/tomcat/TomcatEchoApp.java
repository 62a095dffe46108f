package io.wsaudit.testkit.apps.tomcat;

import io.wsaudit.testkit.apps.AppSupport;
import io.wsaudit.testkit.apps.JakartaEndpoints;
import io.wsaudit.testkit.process.ClassPaths;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * An ordinary embedded Tomcat application on 127.0.0.1: a Jakarta {@code @ServerEndpoint} echo on
 * {@code /ws} and a fallback servlet that answers 404 for everything else (as in observed.md);
 * arguments and stdin: {@link AppSupport}. Query parameters ask the server to misbehave: {@code
 * close_after_ms}, {@code code} and {@code reason} make it close first; {@code idle_ms} sets the
 * session's idle timeout. Tomcat checks idle sessions every {@code processPeriod} seconds (default
 * 10); the app sets 1. {@code GET /stop} stops Tomcat while the JVM (and so the agent's exporter)
 * keeps running.
 */
public final class TomcatEchoApp {

  private static volatile Tomcat TOMCAT;

  /**
   * A test class path may also hold Undertow's older {@code jakarta.websocket}/{@code
   * jakarta.servlet} API jars, ahead of Tomcat's. So that Tomcat runs with its own API classes, as
   * in any real deployment, the server runs in a class loader of Tomcat's jars and this app's
   * classes only (what {@code java -cp tomcat-embed-*.jar:app} gives).
   */
  public static void main(String[] args) throws Exception {
    if ("tomcat-app".equals(TomcatEchoApp.class.getClassLoader().getName())) {
      run(args);
      return;
    }
    // -Dtomcat.jars=a.jar:b.jar runs the same application on other Tomcat jars (another version).
    String otherTomcat = System.getProperty("tomcat.jars");
    List<URL> urls = new ArrayList<>();
    if (otherTomcat != null) {
      for (String jar : otherTomcat.split(File.pathSeparator)) {
        urls.add(Path.of(jar).toUri().toURL());
      }
    }
    urls.add(Path.of(ClassPaths.locationOf(TomcatEchoApp.class)).toUri().toURL());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (otherTomcat == null && entry.replace('\\', '/').contains("/org/apache/tomcat/")) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    ClassLoader loader = new TomcatOnlyLoader(urls.toArray(new URL[0]));
    Thread.currentThread().setContextClassLoader(loader);
    loader
        .loadClass(TomcatEchoApp.class.getName())
        .getMethod("main", String[].class)
        .invoke(null, (Object) args);
  }

  /**
   * A plain URL class loader with a name of its own, so that {@link #main} knows it is already
   * inside it.
   */
  static final class TomcatOnlyLoader extends URLClassLoader {
    TomcatOnlyLoader(URL[] urls) {
      super("tomcat-app", urls, ClassLoader.getPlatformClassLoader());
    }
  }

  private static void run(String[] args) throws Exception {
    Tomcat tomcat = new Tomcat();
    TOMCAT = tomcat;
    Path base = Files.createTempDirectory("tomcat-echo");
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(AppSupport.port(args));
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", null);
    context.setParentClassLoader(TomcatEchoApp.class.getClassLoader());
    context.addServletContainerInitializer(new WsSci(), Set.of(Echo.class));
    Tomcat.addServlet(context, "fallback", new NotFound());
    context.addServletMappingDecoded("/", "fallback");
    tomcat.start();
    ServerContainer container =
        (ServerContainer) context.getServletContext().getAttribute(ServerContainer.class.getName());
    ((WsWebSocketContainer) container).setProcessPeriod(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    tomcat.stop();
                    tomcat.destroy();
                    deleteTree(base);
                  } catch (Exception ignored) {
                    // exiting anyway
                  }
                }));
    AppSupport.ready(connector.getLocalPort());
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * The fallback: what a request that {@code WsFilter} passes on finally gets (404). {@code /stop}
   * stops Tomcat (not the JVM), so that a test can watch the agent report a shutdown while it can
   * still export.
   */
  static final class NotFound extends HttpServlet {
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      if ("/stop".equals(req.getRequestURI())) {
        resp.setStatus(202);
        AppSupport.TIMER.schedule(
            () -> {
              try {
                TOMCAT.stop();
              } catch (Exception e) {
                e.printStackTrace();
              }
            },
            50,
            TimeUnit.MILLISECONDS);
        return;
      }
      resp.sendError(404);
    }
  }

  /** The Jakarta endpoint. */
  @ServerEndpoint("/ws")
  public static final class Echo {
    @OnOpen
    public void open(Session session) {
      JakartaEndpoints.onOpen(session);
    }

    @OnMessage
    public String echo(String message) {
      return message;
    }
  }

  private TomcatEchoApp() {}
}
