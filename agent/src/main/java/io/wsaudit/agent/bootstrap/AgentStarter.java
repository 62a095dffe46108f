package io.wsaudit.agent.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;

/**
 * Creates the isolated agent class loader and runs the installer inside it. Bootstrap class path;
 * JDK types only.
 */
public final class AgentStarter {

  private static final String INSTALLER = "io.wsaudit.agent.AgentInstaller";

  private AgentStarter() {}

  /** Standalone: our own SDK, configured by {@code OTEL_*} and the agent arguments. */
  public static void start(String args, Instrumentation inst, File agentJar) throws Exception {
    AgentClassLoader loader = new AgentClassLoader(agentJar);
    Class<?> installer = Class.forName(INSTALLER, true, loader);
    installer
        .getMethod("install", String.class, Instrumentation.class, ClassLoader.class)
        .invoke(null, args, inst, loader);
  }

  /** Extension of the OpenTelemetry Java agent: its API, tracer provider and exporter. */
  public static void startAsExtension(Instrumentation inst, File agentJar) throws Exception {
    AgentClassLoader loader = new AgentClassLoader(agentJar, true);
    Class<?> installer = Class.forName(INSTALLER, true, loader);
    installer
        .getMethod("installAsExtension", Instrumentation.class, ClassLoader.class)
        .invoke(null, inst, loader);
  }
}
