package io.wsaudit.agent.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtensionJarTest {

  @TempDir Path dir;

  private File jar(String name, String entry) throws IOException {
    Path path = dir.resolve(name);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(path))) {
      out.putNextEntry(new JarEntry(entry));
      out.closeEntry();
    }
    return path.toFile();
  }

  private static Properties property(String value) {
    Properties p = new Properties();
    p.setProperty(ExtensionJar.PROPERTY, value);
    return p;
  }

  @Test
  void findsOurJarInAListOrAFolder() throws IOException {
    File other = jar("other.jar", "com/example/Ext.class");
    File ours = jar("wsaudit-agent.jar", ExtensionJar.MARKER);
    assertThat(ExtensionJar.locate(property(other + "," + ours), Map.of())).isEqualTo(ours);
    assertThat(ExtensionJar.locate(property(dir.toString()), Map.of())).isEqualTo(ours);
  }

  @Test
  void theEnvironmentIsReadWhenThePropertyIsAbsent() throws IOException {
    File ours = jar("wsaudit-agent.jar", ExtensionJar.MARKER);
    assertThat(
            ExtensionJar.locate(
                new Properties(), Map.of(ExtensionJar.ENVIRONMENT, ours.getAbsolutePath())))
        .isEqualTo(ours);
  }

  @Test
  void saysWhyWhenOurJarIsNotThere() throws IOException {
    File other = jar("other.jar", "com/example/Ext.class");
    assertThatThrownBy(() -> ExtensionJar.locate(new Properties(), Map.of()))
        .hasMessageContaining("not set");
    assertThatThrownBy(() -> ExtensionJar.locate(property(other.toString()), Map.of()))
        .hasMessageContaining("no wsaudit agent jar");
  }
}
