package io.wsaudit.agent.instrumentation.jetty.v12_0.linked;

/** {@code 12.1} from Jetty's own version constant, or {@code unknown}. */
final class JettyVersion {

  private JettyVersion() {}

  static String majorMinor() {
    try {
      String v = org.eclipse.jetty.util.Jetty.VERSION;
      String[] parts = v.split("\\.");
      return parts.length >= 2 ? parts[0] + "." + parts[1] : v;
    } catch (Throwable t) {
      return "unknown";
    }
  }
}
