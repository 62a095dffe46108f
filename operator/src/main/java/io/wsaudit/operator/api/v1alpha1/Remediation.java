package io.wsaudit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One annotation patch wsaudit made, with what was there before so it can be undone. */
public class Remediation {

  @JsonPropertyDescription(
      "Name of the patched Ingress, or HTTPRoute/<name> when a policy object of ours targeting"
          + " that HTTPRoute was written.")
  private String ingress;

  @JsonPropertyDescription("Rule that asked for the patch.")
  private String rule;

  @JsonPropertyDescription(
      "Full annotation key that was changed, or <Kind> <namespace>/<name> <field> of a policy"
          + " object of ours.")
  private String annotation;

  @JsonPropertyDescription("Value before the patch; absent when previousAbsent is true.")
  private String previousValue;

  @JsonPropertyDescription("True when the annotation did not exist before the patch.")
  private Boolean previousAbsent;

  @JsonPropertyDescription("Value after the patch; absent when the patch removed the annotation.")
  private String newValue;

  @JsonPropertyDescription("When the patch was made (RFC 3339).")
  private String time;

  @JsonPropertyDescription("Applied, RolledBack or RollbackSkipped.")
  private RemediationState state;

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

  public String getAnnotation() {
    return annotation;
  }

  public void setAnnotation(String annotation) {
    this.annotation = annotation;
  }

  public String getPreviousValue() {
    return previousValue;
  }

  public void setPreviousValue(String previousValue) {
    this.previousValue = previousValue;
  }

  public Boolean getPreviousAbsent() {
    return previousAbsent;
  }

  public void setPreviousAbsent(Boolean previousAbsent) {
    this.previousAbsent = previousAbsent;
  }

  public String getNewValue() {
    return newValue;
  }

  public void setNewValue(String newValue) {
    this.newValue = newValue;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  public RemediationState getState() {
    return state;
  }

  public void setState(RemediationState state) {
    this.state = state;
  }
}
