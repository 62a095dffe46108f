package io.wsaudit.operator.status;

import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;

/** Fills the status counters that the printer columns show. */
public final class StatusSummary {

  private StatusSummary() {}

  public static void summarize(WebSocketAuditPolicyStatus status) {
    status.setOpenFindings(
        (int) status.getFindings().stream().filter(f -> f.getState() == FindingState.Open).count());
    status.setRemediationCount(status.getRemediations().size());
  }
}
