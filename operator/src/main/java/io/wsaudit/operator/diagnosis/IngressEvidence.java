package io.wsaudit.operator.diagnosis;

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
 * What a diagnosis knows of one Ingress in a policy's scope.
 *
 * @param ingress the Ingress, as cached
 * @param connections every connection still retained for it, oldest first
 * @param settings what the proxy serving it applies, read through the seam
 */
public record IngressEvidence(
    Ingress ingress, List<ConnectionRecord> connections, ProxySettings settings) {

  /** An Ingress of the default ingress-nginx controller, its settings already resolved. */
  public IngressEvidence(
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

  public String name() {
    return ingress.getMetadata().getName();
  }

  public IdleTimeouts idleTimeouts() {
    return settings.idleTimeouts();
  }

  /** Connections attempted at or after {@code since}. */
  public List<ConnectionRecord> since(Instant since) {
    return connections.stream().filter(c -> !c.time().isBefore(since)).toList();
  }
}
