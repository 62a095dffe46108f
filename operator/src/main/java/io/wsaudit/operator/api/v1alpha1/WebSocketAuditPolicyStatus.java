package io.wsaudit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a WebSocketAuditPolicy: findings, patches made, and conditions. */
public class WebSocketAuditPolicyStatus {

  @JsonPropertyDescription("metadata.generation of the spec this status was computed from.")
  private Long observedGeneration;

  @JsonPropertyDescription("Standard conditions; Ready tells whether the policy is being applied.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("One entry per Ingress and rule that reached the evidence threshold.")
  private List<Finding> findings = new ArrayList<>();

  @JsonPropertyDescription("Every annotation patch made under this policy.")
  private List<Remediation> remediations = new ArrayList<>();

  @JsonPropertyDescription(
      "The audited controller's logs as evidence: whether they arrive, what their format cannot"
          + " tell, lines that did not parse.")
  private ProxyLogsStatus proxyLogs;

  // Counts exist for the printer columns: a JSONPath in additionalPrinterColumns cannot count list
  // items.
  @JsonPropertyDescription("Findings in state Open.")
  @PrinterColumn(name = "Open Findings")
  private Integer openFindings = 0;

  @JsonPropertyDescription("Patches recorded in remediations.")
  @PrinterColumn(name = "Remediations")
  private Integer remediationCount = 0;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public List<Finding> getFindings() {
    return findings;
  }

  public void setFindings(List<Finding> findings) {
    this.findings = findings;
  }

  public List<Remediation> getRemediations() {
    return remediations;
  }

  public void setRemediations(List<Remediation> remediations) {
    this.remediations = remediations;
  }

  public ProxyLogsStatus getProxyLogs() {
    return proxyLogs;
  }

  public void setProxyLogs(ProxyLogsStatus proxyLogs) {
    this.proxyLogs = proxyLogs;
  }

  public Integer getOpenFindings() {
    return openFindings;
  }

  public void setOpenFindings(Integer openFindings) {
    this.openFindings = openFindings;
  }

  public Integer getRemediationCount() {
    return remediationCount;
  }

  public void setRemediationCount(Integer remediationCount) {
    this.remediationCount = remediationCount;
  }
}
