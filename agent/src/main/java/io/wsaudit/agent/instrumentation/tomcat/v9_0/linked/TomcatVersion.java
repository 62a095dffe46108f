package io.wsaudit.agent.instrumentation.tomcat.v9_0.linked;

import org.apache.catalina.util.ServerInfo;

/**
 * {@code 11.0} from Tomcat's own version ({@code ServerInfo.getServerNumber()}, e.g. 11.0.27.0), or
 * unknown.
 */
final class TomcatVersion {

  private TomcatVersion() {}

  static String majorMinor() {
    try {
      String v = ServerInfo.getServerNumber();
      String[] parts = v.split("\\.");
      return parts.length >= 2 ? parts[0] + "." + parts[1] : v;
    } catch (Throwable t) {
      return "unknown";
    }
  }
}
