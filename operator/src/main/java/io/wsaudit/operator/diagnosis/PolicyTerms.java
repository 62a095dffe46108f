package io.wsaudit.operator.diagnosis;

import io.wsaudit.operator.api.v1alpha1.EvidenceThresholds;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicy;
import io.wsaudit.operator.config.Durations;
import io.wsaudit.operator.proxy.ProxyKind;
import io.wsaudit.operator.rules.IdleTimeoutTerms;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** A policy's spec with its defaults filled in: what the lifecycle and the rules read of it. */
public record PolicyTerms(
    String policy,
    Mode mode,
    int minConnections,
    Duration window,
    Duration earlyCloseThreshold,
    List<String> patchRules,
    IdleTimeoutTerms idleTimeout,
    Set<String> proxies) {

  /** What a policy without {@code spec.proxies} may write to: what it always could. */
  static final Set<String> DEFAULT_PROXIES = Set.of(ProxyKind.INGRESS_NGINX.id());

  public static PolicyTerms of(WebSocketAuditPolicy policy) {
    var spec = policy.getSpec();
    EvidenceThresholds ev =
        spec.getEvidence() == null ? new EvidenceThresholds() : spec.getEvidence();
    return new PolicyTerms(
        policy.getMetadata().getName(),
        spec.getMode(),
        ev.getMinConnections() == null ? 3 : Math.max(1, ev.getMinConnections()),
        Durations.parseOr(ev.getWindow(), Duration.ofMinutes(5)),
        Durations.parseOr(ev.getEarlyCloseThreshold(), Duration.ofSeconds(1)),
        spec.getPatchRules() == null ? List.of() : List.copyOf(spec.getPatchRules()),
        IdleTimeoutTerms.of(spec.getIdleTimeout()),
        proxies(spec.getProxies()));
  }

  private static Set<String> proxies(List<String> named) {
    if (named == null) {
      return DEFAULT_PROXIES;
    }
    return named.stream()
        .filter(n -> n != null && !n.isBlank())
        .map(n -> n.trim().toLowerCase(Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Whether {@code spec.proxies} lets the policy write to objects of this proxy. */
  public boolean mayWriteTo(ProxyKind proxy) {
    return proxies.contains(proxy.id());
  }

  /** Enforce mode, and the rule is in {@code patchRules} (empty: every rule). */
  public boolean mayPatch(String rule) {
    return mode == Mode.Enforce && (patchRules.isEmpty() || patchRules.contains(rule));
  }
}
