package io.wsaudit.operator.diagnosis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.IdleTimeouts;
import io.wsaudit.operator.proxy.ProxySettings;
import io.wsaudit.operator.proxy.Setting;
import io.wsaudit.operator.proxy.ingressnginx.IngressNginxProxy;
import java.time.Instant;
import java.util.List;

/**
 * What a diagnosis knows of one route in a policy's scope: an Ingress or a Gateway API HTTPRoute.
 *
 * @param route the Ingress or HTTPRoute, as cached
 * @param connections every connection still retained for it, oldest first
 * @param settings what the proxy serving it applies, read through the seam
 * @param slotKey the rate-limit domain its patches count against (a Gateway); null for the audited
 *     Ingress controller's
 */
public record RouteEvidence(
    HasMetadata route, List<ConnectionRecord> connections, ProxySettings settings, String slotKey) {

  /** A route of the audited Ingress controller. */
  public RouteEvidence(
      HasMetadata route, List<ConnectionRecord> connections, ProxySettings settings) {
    this(route, connections, settings, null);
  }

  /** An Ingress of the default ingress-nginx controller, its settings already resolved. */
  public RouteEvidence(
      Ingress ingress,
      List<ConnectionRecord> connections,
      Setting proxyHttpVersion,
      String connectionProxyHeader,
      IdleTimeouts idleTimeouts) {
    this(
        ingress,
        connections,
        new IngressNginxProxy(ControllerSettings.defaults())
            .of(proxyHttpVersion, connectionProxyHeader, idleTimeouts));
  }

  /**
   * The name findings and remediations are kept under: an Ingress's own name, {@code <Kind>/<name>}
   * for any other kind (a slash never occurs in a name, so the two cannot collide).
   */
  public String name() {
    return isIngress() ? route.getMetadata().getName() : label(route);
  }

  /** {@code <Kind>/<name>} as a status names a route that is not an Ingress. */
  public static String label(HasMetadata route) {
    return route.getKind() + "/" + route.getMetadata().getName();
  }

  public boolean isIngress() {
    return route instanceof Ingress;
  }

  /** The Ingress, for the annotation path; empty for other kinds. */
  public java.util.Optional<Ingress> ingress() {
    return route instanceof Ingress i ? java.util.Optional.of(i) : java.util.Optional.empty();
  }

  public IdleTimeouts idleTimeouts() {
    return settings.idleTimeouts();
  }

  /** Connections attempted at or after {@code since}. */
  public List<ConnectionRecord> since(Instant since) {
    return connections.stream().filter(c -> !c.time().isBefore(since)).toList();
  }
}
