package io.wsaudit.operator;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.operator.correlation.ClusterIndex;
import io.wsaudit.operator.correlation.IngressClasses;
import io.wsaudit.operator.diagnosis.AppliedChange;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.Proxies;
import io.wsaudit.operator.proxy.ingressnginx.ReloadLog;
import io.wsaudit.operator.proxy.ingressnginx.ReloadTriggers;
import io.wsaudit.operator.remediation.AnnotationPatcher;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** What the audited Ingress controller's caches tell about its reloads and wsaudit's patches. */
final class IngressReloads {

  private IngressReloads() {}

  /** Remembers the changes that make the controller reload (for the ProxyReload rule). */
  static void watch(ClusterIndex index, ReloadLog reloads, ControllerSettings c) {
    index.onIngressChange(
        (before, after) -> {
          Ingress any = after != null ? after : before;
          Set<String> classes =
              IngressClasses.ofController(index.ingressClasses(), c.controllerClass());
          if (IngressClasses.isServedBy(any, classes) && ReloadTriggers.reloads(before, after)) {
            reloads.record(
                "Ingress " + any.getMetadata().getNamespace() + "/" + any.getMetadata().getName(),
                ReloadTriggers.byWsaudit(before, after, AppliedChange.BOOKKEEPING_PREFIX));
          }
        });
    index.onConfigMapChange(
        (before, after) -> {
          if (ReloadTriggers.reloads(before, after)) {
            reloads.record("ConfigMap " + c.namespace() + "/" + c.configMap(), false);
          }
        });
  }

  /** The newest patch recorded on the Ingresses, so a restart does not reset the rate limit. */
  static Optional<Instant> lastPatchOnRecord(ClusterIndex index, ControllerSettings c) {
    return index.ingresses().stream()
        .flatMap(i -> Proxies.of(c).patchable().stream().map(k -> AnnotationPatcher.recorded(i, k)))
        .flatMap(Optional::stream)
        .map(AppliedChange::time)
        .filter(Objects::nonNull)
        .map(Instant::parse)
        .max(Instant::compareTo);
  }
}
