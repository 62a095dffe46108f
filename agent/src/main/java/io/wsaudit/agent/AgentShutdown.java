package io.wsaudit.agent;

import io.wsaudit.agent.log.AgentLog;
import io.wsaudit.agent.telemetry.TelemetryBackend;
import io.wsaudit.agent.telemetry.WebSocketTelemetry;
import java.time.Duration;

/**
 * The agent's shutdown hook. Shutdown hooks run concurrently, so the server's own hooks (Tomcat's,
 * Jetty's, an application's {@code server.stop()}) may still be closing connections when this one
 * starts: it marks the stop (closes from now on have cause {@code shutdown}), waits a bounded time
 * for the connections to go, emits close spans for those still open, and flushes the SDK within a
 * bound. Every upgraded connection thus gets its close span, and the exit line counts what is lost.
 */
final class AgentShutdown implements Runnable {

  /** Bound on the final flush: the exporter's own timeout (10 s) would hold the JVM too long. */
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);

  private final WebSocketTelemetry telemetry;
  private final TelemetryBackend backend;
  private final Duration grace;

  AgentShutdown(WebSocketTelemetry telemetry, TelemetryBackend backend, Duration grace) {
    this.telemetry = telemetry;
    this.backend = backend;
    this.grace = grace;
  }

  @Override
  public void run() {
    int closedByAgent = 0;
    try {
      telemetry.jvmStopping();
      telemetry.awaitNoneOpen(grace);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      AgentLog.warnOnce("shutdown", "shutdown: waiting for connections failed", t);
    }
    try {
      closedByAgent = telemetry.closeAllOpen();
      backend.shutdown(FLUSH_TIMEOUT);
    } catch (Throwable t) {
      AgentLog.warnOnce("shutdown-flush", "shutdown: flushing spans failed", t);
    }
    boolean lost =
        backend.exportsItself()
            && (backend.counters().exportFailed() > 0 || backend.counters().notExported() > 0);
    if (AgentLog.isDebug() || closedByAgent > 0 || lost) {
      AgentLog.info(
          "at exit: "
              + (backend.exportsItself()
                  ? backend.counters().toString()
                  : "spans emitted "
                      + backend.counters().emitted()
                      + " (exported by the OpenTelemetry agent)")
              + (closedByAgent > 0
                  ? "; "
                      + closedByAgent
                      + " connection(s) still open after "
                      + grace.toMillis()
                      + " ms got close spans with cause shutdown"
                  : ""));
    }
  }
}
