package io.wsaudit.agent.instrumentation.undertow.v2_2.linked;

/** {@code 2.3} from Undertow's version string, or {@code unknown}. */
final class UndertowVersion {

  private UndertowVersion() {}

  static String majorMinor() {
    try {
      String v = io.undertow.Version.getVersionString();
      String[] parts = v.split("\\.");
      return parts.length >= 2 ? parts[0] + "." + parts[1] : v;
    } catch (Throwable t) {
      return "unknown";
    }
  }
}
