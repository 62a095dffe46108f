package io.wsaudit.operator.diagnosis;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.RemediationState;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.Proxies;
import io.wsaudit.operator.proxy.Proxy;
import io.wsaudit.operator.rules.ControllerInput;
import io.wsaudit.operator.rules.Rule;
import io.wsaudit.operator.rules.RuleInput;
import io.wsaudit.operator.status.Conditions;
import io.wsaudit.operator.status.StatusSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * One evaluation of one policy, without side effects: from the last status, the evidence of every
 * Ingress in scope and the time, the policy's new status and the actions that go with it (patches,
 * Events). Every rule runs on every Ingress; {@link FindingLifecycle} moves each finding.
 */
public final class Diagnosis {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Rule> rules;
  private final ControllerSettings controller;
  private final Proxy proxy;
  private final FindingLifecycle lifecycle;
  private final ControllerFindings controllerFindings = new ControllerFindings();

  public Diagnosis(List<Rule> rules, ControllerSettings controller, Duration gracePeriod) {
    this.rules = List.copyOf(rules);
    this.controller = controller;
    this.proxy = Proxies.of(controller);
    this.lifecycle = new FindingLifecycle(controller, gracePeriod);
  }

  /** The new status, and what to do to the cluster to make it true. */
  public record Result(WebSocketAuditPolicyStatus status, List<Action> actions) {}

  /**
   * @param base the last known status (not changed; null for a new policy)
   * @param inScope the Ingresses the policy covers
   * @param slot the controller's patch slot
   */
  public Result diagnose(
      WebSocketAuditPolicy policy,
      WebSocketAuditPolicyStatus base,
      List<RouteEvidence> inScope,
      PatchSlot slot,
      Instant now) {
    return diagnose(policy, base, inScope, ControllerEvidence.none(), slot, now);
  }

  /** The same, knowing the controller's recent reloads (for ProxyReload). */
  public Result diagnose(
      WebSocketAuditPolicy policy,
      WebSocketAuditPolicyStatus base,
      List<RouteEvidence> inScope,
      ControllerEvidence controllerEvidence,
      PatchSlot slot,
      Instant now) {
    return diagnose(policy, base, inScope, controllerEvidence, slot, k -> slot, now);
  }

  /**
   * The same, with the patch slot of each rate-limit domain a route names ({@link
   * RouteEvidence#slotKey()}, a Gateway); {@code slot} is the Ingress controller's.
   */
  public Result diagnose(
      WebSocketAuditPolicy policy,
      WebSocketAuditPolicyStatus base,
      List<RouteEvidence> inScope,
      ControllerEvidence controllerEvidence,
      PatchSlot slot,
      Function<String, PatchSlot> slots,
      Instant now) {
    WebSocketAuditPolicyStatus status =
        base == null
            ? new WebSocketAuditPolicyStatus()
            : JSON.convertValue(base, WebSocketAuditPolicyStatus.class);
    PolicyTerms terms = PolicyTerms.of(policy);
    String configMap = controller.configMapName();
    List<Action> actions = new ArrayList<>();
    boolean rateLimited = false;
    List<RouteEvidence> sorted =
        inScope.stream().sorted(Comparator.comparing(RouteEvidence::name)).toList();
    for (RouteEvidence ingress : sorted) {
      PatchSlot routeSlot = ingress.slotKey() == null ? slot : slots.apply(ingress.slotKey());
      RuleInput input =
          new RuleInput(
              ingress.route(),
              ingress.since(now.minus(terms.window())),
              terms.minConnections(),
              terms.earlyCloseThreshold(),
              ingress.settings(),
              terms.idleTimeout(),
              now);
      for (Rule rule : rules) {
        var step = new FindingLifecycle.Step(policy, terms, status, ingress, rule, input, now);
        rateLimited |= lifecycle.advance(step, routeSlot, actions);
      }
    }
    controllerFindings.advance(
        policy,
        status,
        controllerInput(sorted, controllerEvidence, terms, configMap, now),
        actions);
    StatusSummary.summarize(status);
    Long gen = policy.getMetadata().getGeneration();
    status.setObservedGeneration(gen);
    status.setConditions(
        Conditions.set(
            status.getConditions(),
            "Ready",
            true,
            "Reconciled",
            sorted.size() + " Ingress(es) in scope, " + status.getFindings().size() + " finding(s)",
            gen,
            now));
    status.setConditions(
        Conditions.set(
            status.getConditions(),
            "RateLimited",
            rateLimited,
            rateLimited ? "PatchPostponed" : "NoPatchWaiting",
            rateLimited
                ? "a patch waits for the controller's next slot at " + slot.next()
                : "no patch is waiting",
            gen,
            now));
    ProxyLogsState.apply(status, controllerEvidence.proxyLogs(), gen, now);
    String problem = terms.idleTimeout().problem();
    status.setConditions(
        Conditions.set(
            status.getConditions(),
            "PolicyValid",
            problem == null,
            problem == null ? "Valid" : "IdleTimeoutOutOfRange",
            problem == null
                ? "the policy's values are usable"
                : problem + "; the IdleTimeout rule reports but patches nothing",
            gen,
            now));
    return new Result(status, List.copyOf(actions));
  }

  /** Every Ingress's connections that ended within the window, however long ago they began. */
  private ControllerInput controllerInput(
      List<RouteEvidence> ingresses,
      ControllerEvidence controller,
      PolicyTerms terms,
      String name,
      Instant now) {
    Instant from = now.minus(terms.window());
    boolean reloading = proxy.reloadsOnChange();
    List<ControllerInput.Ingress> ended =
        ingresses.stream()
            // The reloads are the Ingress controller's; a Gateway's routes are not its.
            .filter(RouteEvidence::isIngress)
            .map(
                i ->
                    new ControllerInput.Ingress(
                        i.name(),
                        i.connections().stream()
                            .filter(c -> c.close() != null && !c.close().time().isBefore(from))
                            .toList(),
                        i.idleTimeouts()))
            .toList();
    return new ControllerInput(
        name,
        ended,
        // Only a proxy that reloads on a change drops upgraded connections for it.
        reloading ? controller.reloads() : List.of(),
        controller.workerShutdownTimeout(),
        terms.minConnections(),
        now,
        proxy.product(),
        proxy.reloadDrain());
  }

  /**
   * The status once the API server refused {@code failed}: its remediation was never made, so the
   * finding stays Open (changes {@code status} in place and returns it).
   */
  public static WebSocketAuditPolicyStatus withoutFailedPatch(
      WebSocketAuditPolicyStatus status, Action.Write failed) {
    String ingress = failed.findingName();
    String rule = failed.rule();
    status
        .getRemediations()
        .removeIf(
            r ->
                ingress.equals(r.getIngress())
                    && rule.equals(r.getRule())
                    && r.getState() == RemediationState.Applied
                    && failed.time().equals(r.getTime()));
    var finding = StatusEntries.finding(status, ingress, rule);
    if (finding != null) {
      finding.setState(FindingState.Open);
    }
    StatusSummary.summarize(status);
    return status;
  }
}
