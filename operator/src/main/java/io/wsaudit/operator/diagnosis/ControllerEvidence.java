package io.wsaudit.operator.diagnosis;

import io.wsaudit.operator.proxy.ingressnginx.Reload;
import io.wsaudit.operator.proxy.ingressnginx.ReloadTriggers;
import java.time.Duration;
import java.util.List;

/**
 * What a diagnosis knows of the controller itself: the reloads the operator saw and its {@code
 * worker-shutdown-timeout}.
 */
public record ControllerEvidence(List<Reload> reloads, Duration workerShutdownTimeout) {

  public ControllerEvidence {
    reloads = List.copyOf(reloads);
  }

  /** No reload seen (yet). */
  public static ControllerEvidence none() {
    return new ControllerEvidence(List.of(), ReloadTriggers.DEFAULT_WORKER_SHUTDOWN_TIMEOUT);
  }
}
