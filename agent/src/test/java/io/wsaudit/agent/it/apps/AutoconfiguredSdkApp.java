package io.wsaudit.agent.it.apps;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import java.util.ServiceLoader;

/**
 * An application with its own OpenTelemetry SDK, autoconfigured: says which customizer providers
 * its class path offers and that its SDK was built, then READY, and idles (bounded to one minute).
 */
public final class AutoconfiguredSdkApp {

  private AutoconfiguredSdkApp() {}

  public static void main(String[] args) throws Exception {
    for (AutoConfigurationCustomizerProvider p :
        ServiceLoader.load(AutoConfigurationCustomizerProvider.class)) {
      System.out.println(
          "provider " + p.getClass().getName() + " from " + p.getClass().getClassLoader());
    }
    try (OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.initialize().getOpenTelemetrySdk()) {
      sdk.getTracer("app").spanBuilder("app-span").startSpan().end();
      System.out.println("application SDK built");
    }
    System.out.println("READY port=1");
    Thread.sleep(60_000);
  }
}
