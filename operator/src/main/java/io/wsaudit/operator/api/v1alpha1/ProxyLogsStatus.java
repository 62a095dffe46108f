package io.wsaudit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the operator knows of the audited controller's logs as evidence. */
public class ProxyLogsStatus {

  @JsonPropertyDescription(
      "When the last access or error line of the controller's pods arrived (RFC 3339, to the"
          + " minute); absent when none has.")
  private String lastLineSeen;

  @JsonPropertyDescription(
      "What the controller's log-format-upstream cannot tell, each as 'variable to add: what it"
          + " gives'.")
  private List<String> missingSignals = new ArrayList<>();

  @JsonPropertyDescription(
      "Why the controller's log-format-upstream could not be used (its default is read instead).")
  private String formatProblem;

  @JsonPropertyDescription("Access lines that did not parse since the operator started, by reason.")
  private Map<String, Long> unparsed = new LinkedHashMap<>();

  @JsonPropertyDescription("The latest line that did not parse, cut to 256 characters.")
  private String unparsedSample;

  public String getLastLineSeen() {
    return lastLineSeen;
  }

  public void setLastLineSeen(String lastLineSeen) {
    this.lastLineSeen = lastLineSeen;
  }

  public List<String> getMissingSignals() {
    return missingSignals;
  }

  public void setMissingSignals(List<String> missingSignals) {
    this.missingSignals = missingSignals;
  }

  public String getFormatProblem() {
    return formatProblem;
  }

  public void setFormatProblem(String formatProblem) {
    this.formatProblem = formatProblem;
  }

  public Map<String, Long> getUnparsed() {
    return unparsed;
  }

  public void setUnparsed(Map<String, Long> unparsed) {
    this.unparsed = unparsed;
  }

  public String getUnparsedSample() {
    return unparsedSample;
  }

  public void setUnparsedSample(String unparsedSample) {
    this.unparsedSample = unparsedSample;
  }
}
