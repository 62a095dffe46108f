package io.wsaudit.operator.rules;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.proxy.ingressnginx.Setting;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a rule looks at for one Ingress: its connections within the policy's window, the policy's
 * thresholds and the settings ingress-nginx applies to it.
 *
 * @param ingress the Ingress, as cached
 * @param connections connections attempted within the window
 * @param minConnections failures needed for a verdict
 * @param earlyCloseThreshold shorter-lived upgraded connections count as failures
 * @param proxyHttpVersion effective {@code proxy-http-version}
 * @param connectionProxyHeader the {@code connection-proxy-header} annotation, or null
 * @param configMapName {@code namespace/name} of the controller ConfigMap, for explanations
 * @param now evaluation time
 */
public record RuleInput(
    Ingress ingress,
    List<ConnectionRecord> connections,
    int minConnections,
    Duration earlyCloseThreshold,
    Setting proxyHttpVersion,
    String connectionProxyHeader,
    String configMapName,
    Instant now) {

  public String ingressName() {
    return ingress.getMetadata().getName();
  }

  /** Connections the threshold judges failed. */
  public List<ConnectionRecord> failed() {
    return connections.stream()
        .filter(c -> c.health(earlyCloseThreshold, now) == ConnectionRecord.Health.FAILED)
        .toList();
  }
}
