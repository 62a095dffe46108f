package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.agent.it.apps.LoadClassApp;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.implementation.StubMethod;
import org.junit.jupiter.api.Test;

/**
 * A server class with the expected name but not the expected methods (another version of the
 * server) switches its family off with one line, and the class loads and runs unchanged.
 */
class UnsupportedVersionIT {

  @Test
  void aFamilyWhoseMethodsAreMissingIsSkippedWithOneLine() throws Exception {
    Path dir = Files.createTempDirectory("wsaudit-fake-undertow");
    new ByteBuddy()
        .subclass(Object.class)
        .name("io.undertow.server.protocol.http.HttpReadListener")
        .defineMethod("handleEvent", void.class, Visibility.PUBLIC)
        .intercept(StubMethod.INSTANCE)
        .make()
        .saveIn(dir.toFile());
    String classPath =
        dir
            + File.pathSeparator
            + Path.of(
                LoadClassApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (ForkedServer server =
        ForkedServer.builder(LoadClassApp.class)
            .classPath(classPath)
            .env("OTEL_TRACES_EXPORTER", "none")
            .arg("io.undertow.server.protocol.http.HttpReadListener")
            .start()) {
      assertThat(server.agentLines())
          .containsOnlyOnce(
              "[wsaudit] skipped undertow 2.2-2.3: io.undertow.server.protocol.http.HttpReadListener"
                  + " has no method exchangeComplete(HttpServerExchange)")
          .noneMatch(l -> l.contains("instrumented"));
      assertThat(server.output()).noneMatch(l -> l.contains("Exception"));
      assertThat(server.isAlive()).isTrue();
    }
  }
}
