package io.wsaudit.agent;

import io.opentelemetry.sdk.common.Clock;
import io.wsaudit.agent.config.AgentConfig;
import io.wsaudit.agent.instrumentation.InstrumentationModule;
import io.wsaudit.agent.instrumentation.Instrumenter;
import io.wsaudit.agent.instrumentation.Modules;
import io.wsaudit.agent.log.AgentLog;
import io.wsaudit.agent.telemetry.OtelAgentTelemetry;
import io.wsaudit.agent.telemetry.RunningReport;
import io.wsaudit.agent.telemetry.SdkSettings;
import io.wsaudit.agent.telemetry.SpanCounters;
import io.wsaudit.agent.telemetry.StartingTelemetrySdk;
import io.wsaudit.agent.telemetry.TelemetryBackend;
import io.wsaudit.agent.telemetry.WebSocketTelemetry;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Runs inside the agent class loader: reads the configuration, starts building the SDK on its own
 * thread, installs the families.
 */
public final class AgentInstaller {

  private AgentInstaller() {}

  /** Standalone ({@code -javaagent:wsaudit-agent.jar}): our own SDK. */
  public static void install(String args, Instrumentation inst, ClassLoader agentLoader) {
    run(args, inst, agentLoader, false);
  }

  /**
   * Extension of the OpenTelemetry Java agent: its SDK; no agent arguments (system properties and
   * environment only).
   */
  public static void installAsExtension(Instrumentation inst, ClassLoader agentLoader) {
    run(null, inst, agentLoader, true);
  }

  private static void run(
      String args, Instrumentation inst, ClassLoader agentLoader, boolean extension) {
    long start = System.nanoTime();
    TelemetryBackend backend = null;
    try {
      AgentConfig config = AgentConfig.fromEnvironment(args);
      AgentLog.setDebug(config.debug());
      // First: our own SDK is built on its own thread, beside ByteBuddy and the application.
      long sdkStart = System.nanoTime();
      SpanCounters counters = new SpanCounters();
      backend =
          extension
              ? new OtelAgentTelemetry(counters, System.getenv())
              : StartingTelemetrySdk.start(SdkSettings.resolve(), counters);
      long sdkNanos = System.nanoTime() - sdkStart;
      String version = version();
      List<InstrumentationModule> enabled = new ArrayList<>();
      List<String> disabled = new ArrayList<>();
      for (InstrumentationModule module : Modules.all()) {
        if (config.familyEnabled(module.family())) {
          enabled.add(module);
        } else {
          disabled.add(module.description());
        }
      }
      WebSocketTelemetry telemetry =
          new WebSocketTelemetry(
              backend.tracer(version),
              Clock.getDefault(),
              config.earlyCloseThreshold(),
              config.extraCapturedHeaders(),
              config.maxOpenConnections(),
              backend.counters(),
              backend.attributeValueLengthLimit(),
              backend.metrics(version));
      long installStart = System.nanoTime();
      Instrumenter.install(inst, agentLoader, telemetry, enabled);
      long installNanos = System.nanoTime() - installStart;
      List<String> supported = new ArrayList<>();
      enabled.forEach(m -> supported.add(m.description()));
      RunningReport.start(
          backend.counters(),
          backend.spansThatMayWait(),
          config.reportInterval(),
          config.noServerNoticeAfter(),
          Instrumenter::anyInstrumented,
          supported);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  new AgentShutdown(telemetry, backend, config.shutdownGrace()),
                  "wsaudit-shutdown"));
      AgentLog.info(
          "agent "
              + version
              + (extension ? " started as an OpenTelemetry Java agent extension" : " started")
              + ": watching "
              + describe(enabled)
              + (disabled.isEmpty()
                  ? ""
                  : "; disabled by configuration: " + String.join(", ", disabled))
              + "; spans to "
              + backend.exporterDescription()
              + "; metrics to "
              + backend.metricsDescription());
      AgentLog.debug(
          "premain done in "
              + (System.nanoTime() - start) / 1_000_000
              + " ms (SDK settings and starter thread "
              + sdkNanos / 1_000_000
              + " ms, ByteBuddy installation "
              + installNanos / 1_000_000
              + " ms)");
    } catch (Throwable t) {
      AgentLog.info("agent disabled: " + t.getMessage());
      if (backend instanceof StartingTelemetrySdk) {
        // Its thread is already building the SDK; nothing will use it.
        ((StartingTelemetrySdk) backend).abandon();
      }
      if (AgentLog.isDebug()) {
        t.printStackTrace();
      }
    }
  }

  private static String describe(List<InstrumentationModule> modules) {
    List<String> names = new ArrayList<>();
    modules.forEach(m -> names.add(m.description()));
    return names.isEmpty() ? "no server family" : String.join(", ", names);
  }

  private static String version() {
    try (InputStream in = AgentInstaller.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (Exception e) {
      return "unknown";
    }
  }
}
