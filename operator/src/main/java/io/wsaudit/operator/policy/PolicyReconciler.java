package io.wsaudit.operator.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.operator.diagnosis.Action;
import io.wsaudit.operator.diagnosis.Diagnosis;
import io.wsaudit.operator.diagnosis.PolicyRollbacks;
import io.wsaudit.operator.diagnosis.Rollbacks;
import io.wsaudit.operator.health.OperatorMetrics;
import io.wsaudit.operator.remediation.ActionApplier;
import io.wsaudit.operator.rules.ProxyReload;
import io.wsaudit.operator.rules.Rule;
import io.wsaudit.operator.tracing.FindingLinks;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles WebSocketAuditPolicies: re-evaluated when new evidence arrives for their namespace (an
 * inbound event source fed by the OTLP side) and periodically (windows expire, grace periods end).
 * On deletion, the finalizer undoes the patches the policy made.
 */
@ControllerConfiguration(name = PolicyReconciler.NAME)
public final class PolicyReconciler
    implements Reconciler<WebSocketAuditPolicy>, Cleaner<WebSocketAuditPolicy> {

  public static final String NAME = "websocketauditpolicy";
  private static final Logger LOG = LoggerFactory.getLogger(PolicyReconciler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PolicyEvaluator evaluator;
  private final FindingLinks links;
  private final ActionApplier applier;
  private final Rollbacks rollbacks;
  private final OperatorMetrics metrics;
  private final List<Rule> rules;
  private final Duration resync;
  private final Clock clock;
  private final Function<String, List<GenericKubernetesResource>> ownedPolicies;
  private final Map<ResourceID, Map<String, Long>> findingCounts = new ConcurrentHashMap<>();
  private final Map<String, WebSocketAuditPolicyStatus> lastWritten = new ConcurrentHashMap<>();
  private volatile SimpleInboundEventSource<WebSocketAuditPolicy> evidenceEvents;
  private volatile IndexerResourceCache<WebSocketAuditPolicy> policies;

  /**
   * @param ownedPolicies the policy objects of ours in a namespace, read fresh from the API server
   *     (the Gateway API proxies'), whose changes a deleted policy undoes too
   * @param links the trace UI links put on findings and their Events
   */
  public PolicyReconciler(
      PolicyEvaluator evaluator,
      ActionApplier applier,
      Rollbacks rollbacks,
      OperatorMetrics metrics,
      List<Rule> rules,
      Duration resync,
      Clock clock,
      Function<String, List<GenericKubernetesResource>> ownedPolicies,
      FindingLinks links) {
    this.links = links;
    this.ownedPolicies = ownedPolicies;
    this.evaluator = evaluator;
    this.applier = applier;
    this.rollbacks = rollbacks;
    this.metrics = metrics;
    this.rules = rules;
    this.resync = resync;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, WebSocketAuditPolicy>> prepareEventSources(
      EventSourceContext<WebSocketAuditPolicy> context) {
    evidenceEvents = new SimpleInboundEventSource<>("evidence");
    policies = context.getPrimaryCache();
    return List.of(evidenceEvents);
  }

  /** Called by the OTLP side: the policies of these namespaces have new evidence to look at. */
  public void evidenceArrived(Set<String> namespaces) {
    var source = evidenceEvents;
    var cache = policies;
    if (source == null || cache == null) {
      return;
    }
    for (String ns : namespaces) {
      cache.list(ns).forEach(p -> source.propagateEvent(ResourceID.fromResource(p)));
    }
  }

  @Override
  public UpdateControl<WebSocketAuditPolicy> reconcile(
      WebSocketAuditPolicy policy, Context<WebSocketAuditPolicy> context) {
    // This process is the only writer of the status, so what it wrote last is the truth. JOSDK may
    // still hand over
    // a primary from its cache that predates that write; starting from it would forget a patch just
    // made.
    String uid = policy.getMetadata().getUid();
    WebSocketAuditPolicyStatus base = lastWritten.getOrDefault(uid, policy.getStatus());
    Diagnosis.Result result = links.decorate(evaluator.evaluate(policy, base, clock.instant()));
    WebSocketAuditPolicyStatus status = result.status();
    for (Action.Write refused : applier.apply(result.actions())) {
      status = Diagnosis.withoutFailedPatch(status, refused);
      applier.apply(refused.ifFailed());
    }
    lastWritten.put(uid, status);
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "policy {}/{} v{}: {} finding(s) / {} remediation(s) before, {} / {} after",
          policy.getMetadata().getNamespace(),
          policy.getMetadata().getName(),
          policy.getMetadata().getResourceVersion(),
          policy.getStatus() == null ? 0 : policy.getStatus().getFindings().size(),
          policy.getStatus() == null ? 0 : policy.getStatus().getRemediations().size(),
          status.getFindings().size(),
          status.getRemediations().size());
    }
    countFindings(ResourceID.fromResource(policy), status);
    UpdateControl<WebSocketAuditPolicy> control;
    if (sameStatus(policy.getStatus(), status)) {
      control = UpdateControl.noUpdate();
    } else {
      WebSocketAuditPolicy patch = new WebSocketAuditPolicy();
      patch.setMetadata(policy.getMetadata());
      patch.setSpec(policy.getSpec());
      patch.setStatus(status);
      control = UpdateControl.patchStatus(patch);
    }
    return control.rescheduleAfter(resync.toMillis());
  }

  @Override
  public DeleteControl cleanup(WebSocketAuditPolicy policy, Context<WebSocketAuditPolicy> context) {
    String ns = policy.getMetadata().getNamespace();
    String name = policy.getMetadata().getName();
    // Read from the API server, not the cache: a patch made moments ago must not be missed.
    List<Ingress> ingresses =
        context.getClient().network().v1().ingresses().inNamespace(ns).list().getItems();
    applier.apply(
        rollbacks.plan(
            name, ingresses, rules.stream().flatMap(r -> r.patchedSettings().stream()).toList()));
    applier.apply(PolicyRollbacks.plan(name, ownedPolicies.apply(ns)));
    findingCounts.remove(ResourceID.fromResource(policy));
    lastWritten.remove(policy.getMetadata().getUid());
    publishFindingCounts();
    LOG.info("policy {}/{} deleted; its patches were rolled back where untouched", ns, name);
    return DeleteControl.defaultDelete();
  }

  private void countFindings(ResourceID id, WebSocketAuditPolicyStatus status) {
    Map<String, Long> counts = new ConcurrentHashMap<>();
    status
        .getFindings()
        .forEach(f -> counts.merge(f.getRule() + "|" + f.getState(), 1L, Long::sum));
    findingCounts.put(id, counts);
    publishFindingCounts();
  }

  private synchronized void publishFindingCounts() {
    List<String> names = new ArrayList<>(rules.stream().map(Rule::name).toList());
    names.add(ProxyReload.NAME);
    for (String rule : names) {
      for (FindingState state : FindingState.values()) {
        String key = rule + "|" + state;
        long total = findingCounts.values().stream().mapToLong(m -> m.getOrDefault(key, 0L)).sum();
        metrics.findings(rule, state.name(), (int) total);
      }
    }
  }

  private static boolean sameStatus(WebSocketAuditPolicyStatus a, WebSocketAuditPolicyStatus b) {
    return a != null && Objects.equals(JSON.valueToTree(a), JSON.valueToTree(b));
  }
}
