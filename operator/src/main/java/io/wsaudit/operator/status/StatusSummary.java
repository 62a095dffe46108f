package io.wsaudit.operator.status;

import io.wsaudit.operator.api.v1alpha1.FindingState;
import io.wsaudit.operator.api.v1alpha1.WebSocketAuditPolicyStatus;

/** Fills the status counters that the printer columns show. */
public final class StatusSummary {

  private StatusSummary() {}

  public static void summarize(WebSocketAuditPolicyStatus status) {
    status.setOpenFindings(
        (int) status.getFindings().stream().filter(f -> f.getState() == FindingState.Open).count());
    // One patch may change several annotations (one entry each): count the patches.
    status.setRemediationCount(
        (int)
            status.getRemediations().stream()
                .map(r -> r.getIngress() + "|" + r.getRule() + "|" + r.getTime())
                .distinct()
                .count());
  }
}
