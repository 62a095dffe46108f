package io.wsaudit.agent.extension;

import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.wsaudit.agent.WsAuditAgent;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The entry point when the jar is an OpenTelemetry Java agent extension ({@code
 * -Dotel.javaagent.extensions=wsaudit-agent.jar}). The agent loads it through its extension class
 * loader and calls it while it autoconfigures its SDK, in its premain, before the application
 * starts: the moment to install our families. We add nothing to the SDK: our spans go through the
 * agent's own tracer provider ({@code AgentClassLoader} in extension mode).
 *
 * <p>An application's own SDK autoconfiguration also finds this provider when the jar is a plain
 * {@code -javaagent} (it is on the system class path then); it does nothing there.
 */
public final class OtelAgentExtension implements AutoConfigurationCustomizerProvider {

  /** The class loader the OpenTelemetry agent loads extensions with. */
  static final String EXTENSION_LOADER = "io.opentelemetry.javaagent.tooling.ExtensionClassLoader";

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  @Override
  public void customize(AutoConfigurationCustomizer autoConfiguration) {
    ClassLoader loader = OtelAgentExtension.class.getClassLoader();
    if (loader == null
        || !loader.getClass().getName().equals(EXTENSION_LOADER)
        || !STARTED.compareAndSet(false, true)) {
      return;
    }
    try {
      Instrumentation inst = OtelAgentInstrumentation.get();
      File jar = ExtensionJar.locate(System.getProperties(), System.getenv());
      WsAuditAgent.appendBridge(jar, inst);
      Class.forName("io.wsaudit.agent.bootstrap.AgentStarter", true, null)
          .getMethod("startAsExtension", Instrumentation.class, File.class)
          .invoke(null, inst, jar);
    } catch (Throwable t) {
      // The OpenTelemetry agent and the application go on without us: one line, no stack trace.
      System.err.println("[wsaudit] extension disabled: " + t);
    }
  }
}
