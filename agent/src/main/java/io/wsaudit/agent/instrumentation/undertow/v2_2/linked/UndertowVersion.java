package io.wsaudit.agent.instrumentation.undertow.v2_2.linked;

import io.wsaudit.agent.instrumentation.FoundVersion;

/** {@code 2.3} from Undertow's version string, or {@code unknown}. */
final class UndertowVersion {

  private UndertowVersion() {}

  static String majorMinor() {
    try {
      return FoundVersion.majorMinor(io.undertow.Version.getVersionString());
    } catch (Throwable t) {
      return "unknown";
    }
  }
}
