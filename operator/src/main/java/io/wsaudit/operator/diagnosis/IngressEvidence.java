package io.wsaudit.operator.diagnosis;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.operator.correlation.ConnectionRecord;
import io.wsaudit.operator.proxy.ingressnginx.IdleTimeouts;
import io.wsaudit.operator.proxy.ingressnginx.Setting;
import java.time.Instant;
import java.util.List;

/**
 * What a diagnosis knows of one Ingress in a policy's scope.
 *
 * @param ingress the Ingress, as cached
 * @param connections every connection still retained for it, oldest first
 * @param proxyHttpVersion the effective {@code proxy-http-version}
 * @param connectionProxyHeader the {@code connection-proxy-header} annotation, or null
 * @param idleTimeouts the effective {@code proxy-read-timeout} / {@code proxy-send-timeout}
 */
public record IngressEvidence(
    Ingress ingress,
    List<ConnectionRecord> connections,
    Setting proxyHttpVersion,
    String connectionProxyHeader,
    IdleTimeouts idleTimeouts) {

  public String name() {
    return ingress.getMetadata().getName();
  }

  /** Connections attempted at or after {@code since}. */
  public List<ConnectionRecord> since(Instant since) {
    return connections.stream().filter(c -> !c.time().isBefore(since)).toList();
  }
}
