package io.wsaudit.operator.policy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.operator.correlation.ClusterIndex;
import io.wsaudit.operator.correlation.EvidenceStore;
import io.wsaudit.operator.correlation.IngressClasses;
import io.wsaudit.operator.diagnosis.ControllerEvidence;
import io.wsaudit.operator.diagnosis.Diagnosis;
import io.wsaudit.operator.diagnosis.PatchSlot;
import io.wsaudit.operator.diagnosis.RouteEvidence;
import io.wsaudit.operator.gateway.GatewayRoutes;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.Proxies;
import io.wsaudit.operator.proxy.Proxy;
import io.wsaudit.operator.proxy.ingressnginx.ReloadLog;
import io.wsaudit.operator.proxylog.ProxyLogReport;
import io.wsaudit.operator.status.Conditions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Gathers what a diagnosis of one policy needs (the Ingresses in its scope, their evidence and
 * effective settings) from the informer caches and the evidence store, and asks the {@link
 * Diagnosis}. It only reads: the actions it returns are applied by {@code ActionApplier}.
 */
public final class PolicyEvaluator {

  private final ClusterIndex index;
  private final EvidenceStore store;
  private final Diagnosis diagnosis;
  private final PatchSlot slot;
  private final ControllerSettings controller;
  private final Proxy proxy;
  private final ReloadLog reloads;
  private final Supplier<ProxyLogReport> proxyLogs;
  private final GatewayRoutes gateways;
  private final Function<String, PatchSlot> gatewaySlots;

  /**
   * @param slot the Ingress controller's patch slot
   * @param gateways the HTTPRoutes of the enabled Gateway API proxies, in scope beside the
   *     Ingresses
   * @param gatewaySlots each Gateway's own patch slot, by {@link RouteEvidence#slotKey()}
   */
  public PolicyEvaluator(
      ClusterIndex index,
      EvidenceStore store,
      Diagnosis diagnosis,
      PatchSlot slot,
      ReloadLog reloads,
      Supplier<ProxyLogReport> proxyLogs,
      GatewayRoutes gateways,
      Function<String, PatchSlot> gatewaySlots) {
    this.gateways = gateways;
    this.gatewaySlots = gatewaySlots;
    this.reloads = reloads;
    this.proxyLogs = proxyLogs;
    this.index = index;
    this.store = store;
    this.diagnosis = diagnosis;
    this.slot = slot;
    this.controller = index.controller();
    this.proxy = Proxies.of(controller);
  }

  /** The policy's new status from {@code base} (the last known status), and the actions. */
  public Diagnosis.Result evaluate(
      WebSocketAuditPolicy policy, WebSocketAuditPolicyStatus base, Instant now) {
    Set<String> classes =
        IngressClasses.ofController(index.ingressClasses(), controller.controllerClass());
    ConfigMap cm = index.controllerConfigMap();
    List<RouteEvidence> inScope =
        new ArrayList<>(
            index.ingresses().stream()
                .filter(i -> PolicyScope.covers(policy, i, classes))
                .map(i -> evidence(i, cm))
                .toList());
    inScope.addAll(gateways.inScope(policy, store));
    ControllerEvidence controllerEvidence =
        new ControllerEvidence(reloads.recent(), proxy.reloadDrainTime(cm), proxyLogs.get());
    Diagnosis.Result result =
        diagnosis.diagnose(policy, base, inScope, controllerEvidence, slot, gatewaySlots, now);
    if (!gateways.proxies().isEmpty()) {
      String problem = gateways.problem().orElse(null);
      Long gen = policy.getMetadata().getGeneration();
      result
          .status()
          .setConditions(
              Conditions.set(
                  result.status().getConditions(),
                  "GatewayApiReady",
                  problem == null,
                  problem == null ? "Watching" : "GatewayApiUnavailable",
                  problem == null
                      ? "the HTTPRoutes of the Gateway API proxies are watched"
                      : problem,
                  gen,
                  now));
    }
    return result;
  }

  private RouteEvidence evidence(Ingress i, ConfigMap cm) {
    String key = i.getMetadata().getNamespace() + "/" + i.getMetadata().getName();
    // Everything retained: the diagnosis cuts the window, and the time since a patch, itself.
    return new RouteEvidence(
        i, store.since(key, Instant.EPOCH), proxy.settings(i, cm, index::serviceAnnotations));
  }
}
