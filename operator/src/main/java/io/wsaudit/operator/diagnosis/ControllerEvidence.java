package io.wsaudit.operator.diagnosis;

import io.wsaudit.operator.proxy.ingressnginx.Reload;
import io.wsaudit.operator.proxy.ingressnginx.ReloadTriggers;
import io.wsaudit.operator.proxylog.ProxyLogReport;
import java.time.Duration;
import java.util.List;

/**
 * What a diagnosis knows of the controller itself: the reloads the operator saw, its {@code
 * worker-shutdown-timeout}, and what its logs are worth as evidence.
 */
public record ControllerEvidence(
    List<Reload> reloads, Duration workerShutdownTimeout, ProxyLogReport proxyLogs) {

  public ControllerEvidence {
    reloads = List.copyOf(reloads);
    proxyLogs = proxyLogs == null ? ProxyLogReport.none() : proxyLogs;
  }

  public ControllerEvidence(List<Reload> reloads, Duration workerShutdownTimeout) {
    this(reloads, workerShutdownTimeout, ProxyLogReport.none());
  }

  /** No reload seen (yet), no proxy log received. */
  public static ControllerEvidence none() {
    return new ControllerEvidence(List.of(), ReloadTriggers.DEFAULT_WORKER_SHUTDOWN_TIMEOUT);
  }
}
