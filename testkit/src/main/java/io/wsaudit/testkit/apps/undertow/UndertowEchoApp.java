package io.wsaudit.testkit.apps.undertow;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.PathHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.wsaudit.testkit.apps.AppSupport;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An ordinary Undertow 2.3 application on 127.0.0.1: a core WebSocket echo handler on {@code /ws}
 * and, when undertow-servlet and undertow-websockets-jsr are on the class path, a Jakarta echo
 * endpoint on {@code /app/jsr} ({@link UndertowJsrDeployment}). Query parameters ask the server to
 * misbehave: {@code close_after_ms}, {@code code} and {@code reason} make it close first; {@code
 * idle_ms} sets its idle timeout. The arguments {@code --idle-ms N} and {@code --close-after-ms N}
 * (a 1000 close) do the same for every connection, as an application's settings would. Arguments
 * and stdin: {@link AppSupport}.
 */
public final class UndertowEchoApp {

  private static long idleMs;
  private static long closeAfterMs;

  public static void main(String[] args) throws Exception {
    idleMs = AppSupport.option(args, "idle-ms").orElse(0L);
    closeAfterMs = AppSupport.option(args, "close-after-ms").orElse(0L);
    PathHandler paths =
        Handlers.path().addPrefixPath("/ws", Handlers.websocket(UndertowEchoApp::open));
    // Only the agent's tests have the servlet jars; the bench measures core Undertow alone.
    if (AppSupport.present("io.undertow.websockets.jsr.WebSocketDeploymentInfo")) {
      paths.addPrefixPath("/app", UndertowJsrDeployment.start());
    }
    Undertow server =
        Undertow.builder()
            .addHttpListener(AppSupport.port(args), "127.0.0.1")
            .setHandler(paths)
            .build();
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    AppSupport.ready(((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort());
  }

  private static void open(
      io.undertow.websockets.spi.WebSocketHttpExchange exchange, WebSocketChannel channel) {
    Map<String, List<String>> params = exchange.getRequestParameters();
    if (idleMs > 0) {
      channel.setIdleTimeout(idleMs);
    }
    if (params.containsKey("idle_ms")) {
      channel.setIdleTimeout(Long.parseLong(params.get("idle_ms").get(0)));
    }
    if (closeAfterMs > 0 && !params.containsKey("close_after_ms")) {
      AppSupport.TIMER.schedule(
          () -> WebSockets.sendClose(1000, "done", channel, null),
          closeAfterMs,
          TimeUnit.MILLISECONDS);
    }
    if (params.containsKey("close_after_ms")) {
      int code = Integer.parseInt(params.getOrDefault("code", List.of("4000")).get(0));
      String reason = params.getOrDefault("reason", List.of("server-bye")).get(0);
      AppSupport.TIMER.schedule(
          () -> WebSockets.sendClose(code, reason, channel, null),
          Long.parseLong(params.get("close_after_ms").get(0)),
          TimeUnit.MILLISECONDS);
    }
    channel
        .getReceiveSetter()
        .set(
            new AbstractReceiveListener() {
              @Override
              protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                WebSockets.sendText(message.getData(), ch, null);
              }
            });
    channel.resumeReceives();
  }

  private UndertowEchoApp() {}
}
