package io.wsaudit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** One rule's verdict about one Ingress, with the evidence behind it and what a person can do. */
public class Finding {

  @JsonPropertyDescription(
      "Name of the Ingress (in the policy's namespace), or HTTPRoute/<name> for a Gateway API"
          + " route; absent for a finding about the whole controller.")
  private String ingress;

  @JsonPropertyDescription(
      "The ingress-nginx controller (namespace/ConfigMap) of a finding about the whole controller"
          + " (ProxyReload); absent otherwise.")
  private String controller;

  @JsonPropertyDescription("Rule that produced the finding.")
  private String rule;

  @JsonPropertyDescription("Open, Remediated, Resolved, Ineffective or NotRemediable.")
  private FindingState state;

  @JsonPropertyDescription("Failed connections seen within the window.")
  private Integer connections;

  @JsonPropertyDescription("When the first failed connection was seen (RFC 3339).")
  private String firstSeen;

  @JsonPropertyDescription("When the last failed connection was seen (RFC 3339).")
  private String lastSeen;

  @JsonPropertyDescription(
      "Up to 5 trace IDs of failed connections, to look up in a tracing backend.")
  private List<String> sampleTraceIds = new ArrayList<>();

  @JsonPropertyDescription(
      "Up to 5 request IDs ($req_id, X-Request-ID) of failed connections, to look up in the"
          + " ingress-nginx access log.")
  private List<String> sampleRequestIds = new ArrayList<>();

  @JsonPropertyDescription(
      "Links to the sample traces in the trace UI the operator is configured with"
          + " (--trace-ui-url), in the order of sampleTraceIds; absent when it has none.")
  private List<String> sampleTraceLinks = new ArrayList<>();

  @JsonPropertyDescription(
      "Where the failed connections were seen: the wsaudit agent, the proxy's log, or both.")
  private EvidenceSources evidence;

  @JsonPropertyDescription("What happened and what to do, in one sentence.")
  private String explanation;

  public String getController() {
    return controller;
  }

  public void setController(String controller) {
    this.controller = controller;
  }

  public String getIngress() {
    return ingress;
  }

  public void setIngress(String ingress) {
    this.ingress = ingress;
  }

  public String getRule() {
    return rule;
  }

  public void setRule(String rule) {
    this.rule = rule;
  }

  public FindingState getState() {
    return state;
  }

  public void setState(FindingState state) {
    this.state = state;
  }

  public Integer getConnections() {
    return connections;
  }

  public void setConnections(Integer connections) {
    this.connections = connections;
  }

  public String getFirstSeen() {
    return firstSeen;
  }

  public void setFirstSeen(String firstSeen) {
    this.firstSeen = firstSeen;
  }

  public String getLastSeen() {
    return lastSeen;
  }

  public void setLastSeen(String lastSeen) {
    this.lastSeen = lastSeen;
  }

  public List<String> getSampleTraceIds() {
    return sampleTraceIds;
  }

  public void setSampleTraceIds(List<String> sampleTraceIds) {
    this.sampleTraceIds = sampleTraceIds;
  }

  public List<String> getSampleRequestIds() {
    return sampleRequestIds;
  }

  public void setSampleRequestIds(List<String> sampleRequestIds) {
    this.sampleRequestIds = sampleRequestIds;
  }

  public List<String> getSampleTraceLinks() {
    return sampleTraceLinks;
  }

  public void setSampleTraceLinks(List<String> sampleTraceLinks) {
    this.sampleTraceLinks = sampleTraceLinks;
  }

  public EvidenceSources getEvidence() {
    return evidence;
  }

  public void setEvidence(EvidenceSources evidence) {
    this.evidence = evidence;
  }

  public String getExplanation() {
    return explanation;
  }

  public void setExplanation(String explanation) {
    this.explanation = explanation;
  }
}
