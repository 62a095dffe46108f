package io.wsaudit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where a finding's connections were seen; each connection counts once, in one of the three. */
public class EvidenceSources {

  @JsonPropertyDescription("Connections only the wsaudit agent saw (its spans).")
  private Integer agent = 0;

  @JsonPropertyDescription(
      "Connections only the proxy's log has (backends without the agent, in any language).")
  private Integer proxyLog = 0;

  @JsonPropertyDescription(
      "Connections both saw, joined by X-Request-ID ($req_id) and counted once.")
  private Integer both = 0;

  public EvidenceSources() {}

  public EvidenceSources(int agent, int proxyLog, int both) {
    this.agent = agent;
    this.proxyLog = proxyLog;
    this.both = both;
  }

  public Integer getAgent() {
    return agent;
  }

  public void setAgent(Integer agent) {
    this.agent = agent;
  }

  public Integer getProxyLog() {
    return proxyLog;
  }

  public void setProxyLog(Integer proxyLog) {
    this.proxyLog = proxyLog;
  }

  public Integer getBoth() {
    return both;
  }

  public void setBoth(Integer both) {
    this.both = both;
  }
}
