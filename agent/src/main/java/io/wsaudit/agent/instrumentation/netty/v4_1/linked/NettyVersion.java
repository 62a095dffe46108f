package io.wsaudit.agent.instrumentation.netty.v4_1.linked;

import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.Version;

/**
 * {@code 4.2} from Netty's own version properties, else from the API (4.2 added {@code
 * resolveHandshaker}).
 */
final class NettyVersion {

  private NettyVersion() {}

  static String majorMinor() {
    try {
      Version v =
          Version.identify(WebSocketServerHandshakerFactory.class.getClassLoader())
              .get("netty-codec-http");
      if (v != null && v.artifactVersion() != null) {
        String[] parts = v.artifactVersion().split("\\.");
        if (parts.length >= 2) {
          return parts[0] + "." + parts[1];
        }
      }
    } catch (Throwable ignored) {
      // fall through
    }
    for (java.lang.reflect.Method m : WebSocketServerHandshakerFactory.class.getMethods()) {
      if (m.getName().equals("resolveHandshaker")) {
        return "4.2";
      }
    }
    return "4.1";
  }
}
