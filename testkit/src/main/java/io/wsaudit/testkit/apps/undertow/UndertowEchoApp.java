package io.wsaudit.agent.it.apps;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.jsr.WebSocketDeploymentInfo;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An ordinary Undertow 2.3 application: a core WebSocket echo handler on {@code /ws} and a JSR
 * (Jakarta) echo endpoint on {@code /app/jsr}. Query parameters ask the server to misbehave: {@code
 * close_after_ms}, {@code code} and {@code reason} make it close first; {@code idle_ms} sets its
 * idle timeout.
 */
public final class UndertowEchoApp {

  static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "app-timer");
            t.setDaemon(true);
            return t;
          });

  public static void main(String[] args) throws Exception {
    DeploymentInfo deployment =
        Servlets.deployment()
            .setClassLoader(UndertowEchoApp.class.getClassLoader())
            .setContextPath("/app")
            .setDeploymentName("app.war")
            .addServletContextAttribute(
                WebSocketDeploymentInfo.ATTRIBUTE_NAME,
                new WebSocketDeploymentInfo()
                    .setBuffers(new DefaultByteBufferPool(true, 1024))
                    .addEndpoint(JsrEcho.class));
    DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment);
    manager.deploy();
    HttpHandler app = manager.start();

    HttpHandler ws =
        Handlers.websocket(
            (exchange, channel) -> {
              Map<String, java.util.List<String>> params = exchange.getRequestParameters();
              if (params.containsKey("idle_ms")) {
                channel.setIdleTimeout(Long.parseLong(params.get("idle_ms").get(0)));
              }
              if (params.containsKey("close_after_ms")) {
                int code =
                    Integer.parseInt(params.getOrDefault("code", java.util.List.of("4000")).get(0));
                String reason =
                    params.getOrDefault("reason", java.util.List.of("server-bye")).get(0);
                TIMER.schedule(
                    () -> WebSockets.sendClose(code, reason, channel, null),
                    Long.parseLong(params.get("close_after_ms").get(0)),
                    TimeUnit.MILLISECONDS);
              }
              channel
                  .getReceiveSetter()
                  .set(
                      new AbstractReceiveListener() {
                        @Override
                        protected void onFullTextMessage(
                            WebSocketChannel channel, BufferedTextMessage message) {
                          WebSockets.sendText(message.getData(), channel, null);
                        }
                      });
              channel.resumeReceives();
            });

    Undertow server =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setHandler(Handlers.path().addPrefixPath("/ws", ws).addPrefixPath("/app", app))
            .build();
    server.start();
    int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    System.out.println("READY port=" + port);
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

  private UndertowEchoApp() {}
}
