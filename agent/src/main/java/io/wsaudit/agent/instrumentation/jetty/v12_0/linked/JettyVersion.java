package io.wsaudit.agent.instrumentation.jetty.v12_0.linked;

import io.wsaudit.agent.instrumentation.FoundVersion;

/** {@code 12.1} from Jetty's own version constant, or {@code unknown}. */
final class JettyVersion {

  private JettyVersion() {}

  static String majorMinor() {
    try {
      return FoundVersion.majorMinor(org.eclipse.jetty.util.Jetty.VERSION);
    } catch (Throwable t) {
      return "unknown";
    }
  }
}
