package io.wsaudit.operator.correlation;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import java.util.List;

/**
 * What correlation reads of a Pod: where it is, its IPs, whether it runs and whether it shares the
 * node's network. The Pod cache keeps only this ({@link PodFactsStore}).
 */
public record PodFacts(
    String namespace,
    String name,
    String resourceVersion,
    List<String> ips,
    String phase,
    boolean hostNetwork) {

  public PodFacts {
    ips = List.copyOf(ips);
  }

  /**
   * The facts of {@code pod}; the namespace and phase are interned (a few distinct values shared by
   * every Pod of a large cluster).
   */
  public static PodFacts of(Pod pod) {
    var meta = pod.getMetadata();
    var status = pod.getStatus();
    return new PodFacts(
        meta.getNamespace() == null ? null : meta.getNamespace().intern(),
        meta.getName(),
        meta.getResourceVersion(),
        Indexers.podIps(pod),
        status == null || status.getPhase() == null ? null : status.getPhase().intern(),
        pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork()));
  }

  public boolean running() {
    return "Running".equals(phase);
  }

  /**
   * A Pod holding only these facts, for the informer (old objects of its events) and for callers
   * that want a Pod; correlation reads the facts.
   */
  public Pod toPod() {
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(name)
            .withResourceVersion(resourceVersion)
            .endMetadata();
    var status = b.withNewStatus().withPhase(phase);
    if (!ips.isEmpty()) {
      status.withPodIP(ips.get(0));
      ips.forEach(ip -> status.addToPodIPs(new PodIP(ip)));
    }
    status.endStatus();
    if (hostNetwork) {
      b.withNewSpec().withHostNetwork(true).endSpec();
    }
    return b.build();
  }
}
