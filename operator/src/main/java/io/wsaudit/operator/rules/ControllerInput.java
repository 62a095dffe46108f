package io.wsaudit.operator.rules;

import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.proxy.IdleTimeouts;
import io.wsaudit.operator.proxy.ReloadDrain;
import io.wsaudit.operator.proxy.ingressnginx.Reload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What {@link ProxyReload} looks at: every Ingress of one controller in a policy's scope, the
 * controller's recent reloads and how long its old workers keep upgraded connections.
 *
 * @param controller the controller, as explanations name it ({@code namespace/configmap})
 * @param ingresses each Ingress's connections that ended within the window
 * @param reloads reload-causing changes the operator saw, oldest first
 * @param workerShutdownTimeout how long old processes keep upgraded connections after a reload
 *     (ingress-nginx's {@code worker-shutdown-timeout}, else 240 s; HAProxy's {@code
 *     hard-stop-after})
 * @param minConnections connections needed for a finding
 * @param now evaluation time
 * @param product the proxy, as explanations name it (e.g. {@code ingress-nginx})
 * @param drain who drops upgraded connections after a reload, and the setting that bounds it
 */
public record ControllerInput(
    String controller,
    List<Ingress> ingresses,
    List<Reload> reloads,
    Duration workerShutdownTimeout,
    int minConnections,
    Instant now,
    String product,
    ReloadDrain drain) {

  /** An ingress-nginx controller's input. */
  public ControllerInput(
      String controller,
      List<Ingress> ingresses,
      List<Reload> reloads,
      Duration workerShutdownTimeout,
      int minConnections,
      Instant now) {
    this(
        controller,
        ingresses,
        reloads,
        workerShutdownTimeout,
        minConnections,
        now,
        "ingress-nginx",
        ReloadDrain.NGINX);
  }

  /** One Ingress's ended connections and its idle timers (idle cuts are R3's, not a reload's). */
  public record Ingress(String name, List<ConnectionRecord> ended, IdleTimeouts timeouts) {}
}
