package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.agent.it.apps.AutoconfiguredSdkApp;
import io.wsaudit.testkit.process.ClassPaths;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Standalone, beside an application that autoconfigures an OpenTelemetry SDK of its own: the jar is
 * on the system class path, so the application's service lookup finds our extension's provider; it
 * loads there (the bootstrap class path holds only the bridge, which could not load it) and does
 * nothing, and the application's SDK is built.
 */
class ApplicationSdkIT {

  @Test
  void theApplicationsOwnAutoconfigurationIsUnaffected() throws Exception {
    try (ForkedServer app =
        ForkedServer.builder(AutoconfiguredSdkApp.class)
            .classPath(withOpenTelemetrySdk())
            .env("OTEL_TRACES_EXPORTER", "none")
            .env("OTEL_METRICS_EXPORTER", "none")
            .env("OTEL_LOGS_EXPORTER", "none")
            .start()) {
      assertThat(app.output())
          .anyMatch(l -> l.startsWith("provider io.wsaudit.agent.extension.OtelAgentExtension"))
          .noneMatch(
              l -> l.contains("provider io.wsaudit.agent.extension.OtelAgentExtension from null"))
          .contains("application SDK built")
          .noneMatch(
              l -> l.contains("ServiceConfigurationError") || l.contains("NoClassDefFoundError"));
      assertThat(app.agentLines())
          .anyMatch(l -> l.contains("started: watching"))
          .noneMatch(l -> l.contains("extension"));
    }
  }

  /**
   * The application's class path plus the (unrelocated) OpenTelemetry SDK the tests compile with.
   */
  private static String withOpenTelemetrySdk() {
    List<String> entries = new ArrayList<>(List.of(ForkedServer.applicationClassPath()));
    for (String entry : ClassPaths.current().split(File.pathSeparator)) {
      if (entry.replace('\\', '/').contains("/io/opentelemetry/opentelemetry-")) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
