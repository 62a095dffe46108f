package io.wsaudit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** What the IdleTimeout rule may set when it raises an Ingress's proxy timeouts. */
public class IdleTimeoutPolicy {

  @JsonPropertyDescription(
      "Seconds to raise proxy-read-timeout and proxy-send-timeout to (written as a bare integer);"
          + " at most maximum.")
  @Default("3600")
  @Min(1)
  private Long raiseTo = 3600L;

  @JsonPropertyDescription("The largest timeout, in seconds, wsaudit may write (at most 604800).")
  @Default("86400")
  @Min(1)
  private Long maximum = 86400L;

  public Long getRaiseTo() {
    return raiseTo;
  }

  public void setRaiseTo(Long raiseTo) {
    this.raiseTo = raiseTo;
  }

  public Long getMaximum() {
    return maximum;
  }

  public void setMaximum(Long maximum) {
    this.maximum = maximum;
  }
}
