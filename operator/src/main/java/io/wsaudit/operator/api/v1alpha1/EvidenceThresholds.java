package io.wsaudit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * How much evidence a rule needs before it reports: a count of connections within a time window.
 */
public class EvidenceThresholds {

  /** Go-style durations as kubectl users write them: 90s, 5m, 1h30m, 500ms. */
  public static final String DURATION_PATTERN = "^([0-9]+(ms|s|m|h))+$";

  @JsonPropertyDescription(
      "Failed connections needed within the window before a finding is reported.")
  @Default("3")
  @Min(1)
  private Integer minConnections = 3;

  @JsonPropertyDescription("How far back connections count, as a duration (e.g. 5m).")
  @Default("5m")
  @Pattern(DURATION_PATTERN)
  private String window = "5m";

  @JsonPropertyDescription(
      "An upgraded connection closed sooner than this after the 101 counts as an early close.")
  @Default("1s")
  @Pattern(DURATION_PATTERN)
  private String earlyCloseThreshold = "1s";

  public Integer getMinConnections() {
    return minConnections;
  }

  public void setMinConnections(Integer minConnections) {
    this.minConnections = minConnections;
  }

  public String getWindow() {
    return window;
  }

  public void setWindow(String window) {
    this.window = window;
  }

  public String getEarlyCloseThreshold() {
    return earlyCloseThreshold;
  }

  public void setEarlyCloseThreshold(String earlyCloseThreshold) {
    this.earlyCloseThreshold = earlyCloseThreshold;
  }
}
