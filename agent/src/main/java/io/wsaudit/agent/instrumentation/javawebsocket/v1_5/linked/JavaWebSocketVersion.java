package io.wsaudit.agent.instrumentation.javawebsocket.v1_5.linked;

import io.wsaudit.agent.instrumentation.FoundVersion;
import java.io.InputStream;
import java.net.URL;
import java.util.Properties;
import java.util.jar.Manifest;
import org.java_websocket.WebSocketImpl;

/**
 * {@code 1.6} from the Java-WebSocket jar that defined {@code WebSocketImpl}: its Maven {@code
 * pom.properties}, else the OSGi {@code Bundle-Version} of its manifest (the library has no version
 * API and no Implementation-Version).
 */
final class JavaWebSocketVersion {

  private static final String CLASS_FILE = "org/java_websocket/WebSocketImpl.class";

  private JavaWebSocketVersion() {}

  static String majorMinor() {
    try {
      String v = fromJar("META-INF/maven/org.java-websocket/Java-WebSocket/pom.properties", true);
      if (v == null) {
        v = fromJar("META-INF/MANIFEST.MF", false);
      }
      return FoundVersion.majorMinor(v == null ? null : v.trim());
    } catch (Throwable t) {
      return "unknown";
    }
  }

  /** Reads a resource next to {@code WebSocketImpl.class} in the same jar (or class directory). */
  private static String fromJar(String resource, boolean pom) throws Exception {
    ClassLoader loader = WebSocketImpl.class.getClassLoader();
    URL self =
        loader == null ? ClassLoader.getSystemResource(CLASS_FILE) : loader.getResource(CLASS_FILE);
    if (self == null) {
      return null;
    }
    String s = self.toString();
    URL url = new URL(s.substring(0, s.length() - CLASS_FILE.length()) + resource);
    try (InputStream in = url.openStream()) {
      if (pom) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version");
      }
      Manifest m = new Manifest(in);
      String name = m.getMainAttributes().getValue("Bundle-SymbolicName");
      return name != null && name.startsWith("Java-WebSocket")
          ? m.getMainAttributes().getValue("Bundle-Version")
          : null;
    } catch (java.io.IOException absent) {
      return null;
    }
  }
}
