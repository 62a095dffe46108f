package io.wsaudit.agent.instrumentation;

import java.io.File;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The version of the server library a class came from, read once per family from its jar's
 * manifest, so the "instrumented" line names what is actually there (Undertow 2.4 under a family
 * written for 2.2-2.3), not only the range the family was written for.
 */
public final class FoundVersion {

  private FoundVersion() {}

  /**
   * {@code 2.3} from {@code 2.3.18.Final}: the part a family's {@code websocket.server} value
   * names; a version without a dot as it is; {@code unknown} for none.
   */
  public static String majorMinor(String version) {
    if (version == null) {
      return "unknown";
    }
    String[] parts = version.split("\\.");
    return parts.length >= 2 ? parts[0] + "." + parts[1] : version;
  }

  /** {@code Implementation-Version}, else {@code Bundle-Version}; null when unknown. */
  static String of(ProtectionDomain domain) {
    try {
      CodeSource source = domain == null ? null : domain.getCodeSource();
      URL location = source == null ? null : source.getLocation();
      if (location == null || !"file".equals(location.getProtocol())) {
        return null; // nested jars (Spring Boot) and modules: not worth opening here
      }
      File file = new File(location.toURI());
      if (!file.isFile()) {
        return null;
      }
      try (JarFile jar = new JarFile(file, false)) {
        Manifest manifest = jar.getManifest();
        if (manifest == null) {
          return null;
        }
        Attributes main = manifest.getMainAttributes();
        String version = main.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
        return version != null ? version : main.getValue("Bundle-Version");
      }
    } catch (Exception | LinkageError e) {
      return null;
    }
  }
}
