package io.wsaudit.operator.rules;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.IdleTimeouts;
import io.wsaudit.operator.proxy.ProxySettings;
import io.wsaudit.operator.proxy.Setting;
import io.wsaudit.operator.proxy.ingressnginx.IngressNginxProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a rule looks at for one Ingress: its connections within the policy's window, the policy's
 * thresholds and the settings the proxy serving it applies (read through the seam, never by
 * annotation key).
 *
 * @param ingress the route's object (an Ingress or an HTTPRoute), as cached; the rules read only
 *     its name
 * @param connections connections attempted within the window
 * @param minConnections failures needed for a verdict
 * @param earlyCloseThreshold shorter-lived upgraded connections count as failures
 * @param proxy the proxy's effective settings and fixes for this Ingress
 * @param idlePolicy what the policy lets the IdleTimeout rule write
 * @param now evaluation time
 */
public record RuleInput(
    HasMetadata ingress,
    List<ConnectionRecord> connections,
    int minConnections,
    Duration earlyCloseThreshold,
    ProxySettings proxy,
    IdleTimeoutTerms idlePolicy,
    Instant now) {

  /** An Ingress of the default ingress-nginx controller, its settings already resolved. */
  public RuleInput(
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
    this(
        ingress,
        connections,
        minConnections,
        earlyCloseThreshold,
        ingressNginx(configMapName).of(proxyHttpVersion, connectionProxyHeader, idleTimeouts),
        idlePolicy,
        now);
  }

  private static IngressNginxProxy ingressNginx(String configMapName) {
    ControllerSettings d = ControllerSettings.defaults();
    int slash = configMapName == null ? -1 : configMapName.indexOf('/');
    return new IngressNginxProxy(
        slash < 0
            ? d
            : new ControllerSettings(
                configMapName.substring(0, slash),
                configMapName.substring(slash + 1),
                d.annotationPrefix(),
                d.controllerClass()));
  }

  public String ingressName() {
    return ingress.getMetadata().getName();
  }

  /** The route as explanations name it: {@code Ingress echo}, {@code HTTPRoute echo}. */
  public String routeLabel() {
    return (ingress instanceof Ingress ? "Ingress" : ingress.getKind()) + " " + ingressName();
  }

  /** The effective upstream HTTP version. */
  public Setting proxyHttpVersion() {
    return proxy.httpVersion();
  }

  /** The {@code Connection} value the proxy sends instead of the client's, or null. */
  public String connectionProxyHeader() {
    return proxy.connectionHeader();
  }

  /** The controller-wide configuration, as explanations name it. */
  public String configMapName() {
    return proxy.configName();
  }

  /** The effective idle read/send limits. */
  public IdleTimeouts idleTimeouts() {
    return proxy.idleTimeouts();
  }

  /** The same input with other connections (e.g. those since a patch). */
  public RuleInput withConnections(List<ConnectionRecord> others) {
    return new RuleInput(
        ingress, others, minConnections, earlyCloseThreshold, proxy, idlePolicy, now);
  }

  /** The same input with other timeouts (e.g. those before a patch). */
  public RuleInput withIdleTimeouts(IdleTimeouts timeouts) {
    return new RuleInput(
        ingress,
        connections,
        minConnections,
        earlyCloseThreshold,
        proxy.withIdleTimeouts(timeouts),
        idlePolicy,
        now);
  }

  /** The same input with another effective upstream HTTP version (e.g. before a patch). */
  public RuleInput withProxyHttpVersion(Setting version) {
    return new RuleInput(
        ingress,
        connections,
        minConnections,
        earlyCloseThreshold,
        proxy.withHttpVersion(version),
        idlePolicy,
        now);
  }

  /**
   * The HTTP version the proxy spoke to the backend: what the agent saw, else (the proxy's log
   * alone cannot say) what the effective setting makes the proxy speak.
   */
  public String upstreamVersion(ConnectionRecord c) {
    String seen = c.protocolVersion();
    return seen != null || !c.proxyOnly() ? seen : proxy.httpVersion().value();
  }

  /** Connections the threshold judges failed. */
  public List<ConnectionRecord> failed() {
    return connections.stream()
        .filter(c -> c.health(earlyCloseThreshold, now) == ConnectionRecord.Health.FAILED)
        .toList();
  }
}
