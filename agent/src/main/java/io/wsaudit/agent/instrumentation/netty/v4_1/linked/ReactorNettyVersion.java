package io.wsaudit.agent.instrumentation.netty.v4_1.linked;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reactor Netty (Spring WebFlux) drives Netty's own handshaker, encoder and decoder, so the netty
 * family's hooks serve it unchanged; only {@code websocket.server} differs. A Reactor Netty channel
 * carries the {@code $CONNECTION} attribute ({@code reactor.netty.ReactorNetty#CONNECTION}); the
 * version comes from the reactor-netty-http jar's manifest.
 */
final class ReactorNettyVersion {

  private static final AttributeKey<Object> CONNECTION = AttributeKey.valueOf("$CONNECTION");
  private static final Map<ClassLoader, String> BY_LOADER = new ConcurrentHashMap<>();
  private static final String NONE = "";

  private ReactorNettyVersion() {}

  /** {@code reactor-netty-1.3} when the channel belongs to Reactor Netty, else {@code null}. */
  static String serverOf(Channel channel) {
    if (!channel.hasAttr(CONNECTION)) {
      return null;
    }
    ClassLoader loader = channel.getClass().getClassLoader();
    String server =
        BY_LOADER.computeIfAbsent(
            loader == null ? ClassLoader.getSystemClassLoader() : loader,
            ReactorNettyVersion::lookUp);
    return server.isEmpty() ? null : server;
  }

  private static String lookUp(ClassLoader loader) {
    try {
      Class<?> type = Class.forName("reactor.netty.http.server.HttpServer", false, loader);
      Package p = type.getPackage();
      String v = p == null ? null : p.getImplementationVersion();
      if (v == null) {
        return "reactor-netty-unknown";
      }
      String[] parts = v.split("\\.");
      return "reactor-netty-" + (parts.length >= 2 ? parts[0] + "." + parts[1] : v);
    } catch (Throwable t) {
      return NONE;
    }
  }
}
