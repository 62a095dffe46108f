package io.wsaudit.operator.correlation;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;

/**
 * The Ingress queries routing needs; {@link ClusterIndex} answers them from its informer caches.
 */
public interface IngressLookup {

  /** Ingresses with a rule or default backend pointing at this Service. */
  List<Ingress> ingressesForService(String namespace, String service);

  /** Every Ingress with a rule for this host; "" for rules without a host. */
  List<Ingress> ingressesForHost(String host);
}
