package io.wsaudit.agent.extension;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;

/**
 * Finds our jar among the OpenTelemetry agent's extensions: its extension class loader reads
 * classes through a URL of its own ({@code otel:/}), so the code source names no file. The setting
 * is a comma-separated list of jars and folders of jars, as the agent reads it ({@code
 * ExtensionClassLoader}, opentelemetry-java-instrumentation javaagent-tooling).
 */
final class ExtensionJar {

  static final String PROPERTY = "otel.javaagent.extensions";
  static final String ENVIRONMENT = "OTEL_JAVAAGENT_EXTENSIONS";
  static final String MARKER = OtelAgentExtension.class.getName().replace('.', '/') + ".class";

  private ExtensionJar() {}

  static File locate(Properties properties, Map<String, String> environment) throws IOException {
    String setting = properties.getProperty(PROPERTY);
    if (setting == null || setting.isBlank()) {
      setting = environment.get(ENVIRONMENT);
    }
    if (setting == null || setting.isBlank()) {
      throw new IOException(PROPERTY + " / " + ENVIRONMENT + " not set");
    }
    for (File candidate : candidates(setting)) {
      if (holdsUs(candidate)) {
        return candidate;
      }
    }
    throw new IOException("no wsaudit agent jar in " + PROPERTY + "=" + setting);
  }

  private static List<File> candidates(String setting) {
    List<File> jars = new ArrayList<>();
    for (String location : setting.split(",")) {
      File file = new File(location.trim());
      if (file.isDirectory()) {
        File[] inside = file.listFiles((dir, name) -> name.endsWith(".jar"));
        if (inside != null) {
          jars.addAll(List.of(inside));
        }
      } else if (file.isFile()) {
        jars.add(file);
      }
    }
    return jars;
  }

  private static boolean holdsUs(File jar) {
    try (JarFile file = new JarFile(jar, false)) {
      return file.getJarEntry(MARKER) != null;
    } catch (IOException notAJar) {
      return false;
    }
  }
}
