package io.wsaudit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** Desired behaviour of a WebSocketAuditPolicy. */
public class WebSocketAuditPolicySpec {

  @JsonPropertyDescription("Observe: findings and Events only. Enforce: also patch the Ingress.")
  @Default("Observe")
  @PrinterColumn(name = "Mode")
  private Mode mode = Mode.Observe;

  @JsonPropertyDescription(
      "Ingresses of this namespace the policy covers; empty means all of them.")
  private LabelSelector ingressSelector;

  @JsonPropertyDescription(
      "IngressClass names covered; empty means every class whose controller is the configured"
          + " ingress-nginx controller.")
  private List<String> ingressClassNames = new ArrayList<>();

  @JsonPropertyDescription("How much evidence a rule needs.")
  private EvidenceThresholds evidence = new EvidenceThresholds();

  @JsonPropertyDescription(
      "Rules allowed to patch in Enforce mode (UpstreamHttp10, ConnectionHeaderOverride,"
          + " IdleTimeout); empty means all.")
  private List<String> patchRules = new ArrayList<>();

  @JsonPropertyDescription(
      "The timeout the IdleTimeout rule raises an Ingress's proxy timeouts to.")
  private IdleTimeoutPolicy idleTimeout = new IdleTimeoutPolicy();

  @JsonPropertyDescription(
      "Proxies whose objects the policy may write to in Enforce mode (ingress-nginx, traefik,"
          + " f5-nginx, haproxy, envoy-gateway, nginx-gateway-fabric); findings on routes of"
          + " other proxies are reported only. Default: ingress-nginx.")
  private List<String> proxies = new ArrayList<>(List.of("ingress-nginx"));

  public List<String> getProxies() {
    return proxies;
  }

  public void setProxies(List<String> proxies) {
    this.proxies = proxies;
  }

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public LabelSelector getIngressSelector() {
    return ingressSelector;
  }

  public void setIngressSelector(LabelSelector ingressSelector) {
    this.ingressSelector = ingressSelector;
  }

  public List<String> getIngressClassNames() {
    return ingressClassNames;
  }

  public void setIngressClassNames(List<String> ingressClassNames) {
    this.ingressClassNames = ingressClassNames;
  }

  public EvidenceThresholds getEvidence() {
    return evidence;
  }

  public void setEvidence(EvidenceThresholds evidence) {
    this.evidence = evidence;
  }

  public IdleTimeoutPolicy getIdleTimeout() {
    return idleTimeout;
  }

  public void setIdleTimeout(IdleTimeoutPolicy idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  public List<String> getPatchRules() {
    return patchRules;
  }

  public void setPatchRules(List<String> patchRules) {
    this.patchRules = patchRules;
  }
}
