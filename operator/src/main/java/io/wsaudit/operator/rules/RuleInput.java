package io.wsaudit.operator.rules;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.proxy.ingressnginx.IdleTimeouts;
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
 * @param idleTimeouts effective {@code proxy-read-timeout} / {@code proxy-send-timeout}
 * @param idlePolicy what the policy lets the IdleTimeout rule write
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
    IdleTimeouts idleTimeouts,
    IdleTimeoutTerms idlePolicy,
    Instant now) {

  public String ingressName() {
    return ingress.getMetadata().getName();
  }

  /** The same input with other connections (e.g. those since a patch). */
  public RuleInput withConnections(List<ConnectionRecord> others) {
    return new RuleInput(
        ingress,
        others,
        minConnections,
        earlyCloseThreshold,
        proxyHttpVersion,
        connectionProxyHeader,
        configMapName,
        idleTimeouts,
        idlePolicy,
        now);
  }

  /** The same input with other timeouts (e.g. those before a patch). */
  public RuleInput withIdleTimeouts(IdleTimeouts timeouts) {
    return new RuleInput(
        ingress,
        connections,
        minConnections,
        earlyCloseThreshold,
        proxyHttpVersion,
        connectionProxyHeader,
        configMapName,
        timeouts,
        idlePolicy,
        now);
  }

  /** The same input with another effective {@code proxy-http-version} (e.g. before a patch). */
  public RuleInput withProxyHttpVersion(Setting version) {
    return new RuleInput(
        ingress,
        connections,
        minConnections,
        earlyCloseThreshold,
        version,
        connectionProxyHeader,
        configMapName,
        idleTimeouts,
        idlePolicy,
        now);
  }

  /**
   * The HTTP version nginx spoke to the backend: what the agent saw, else (the proxy's log alone
   * cannot say) what the effective {@code proxy-http-version} makes nginx speak.
   */
  public String upstreamVersion(ConnectionRecord c) {
    String seen = c.protocolVersion();
    return seen != null || !c.proxyOnly() ? seen : proxyHttpVersion.value();
  }

  /** Connections the threshold judges failed. */
  public List<ConnectionRecord> failed() {
    return connections.stream()
        .filter(c -> c.health(earlyCloseThreshold, now) == ConnectionRecord.Health.FAILED)
        .toList();
  }
}
