package io.wsaudit.operator.api.v1alpha1;

/**
 * Where a finding stands: seen, patched, verified fixed, patched without effect, or not fixable by
 * a patch.
 */
public enum FindingState {
  /**
   * Evidence reached the threshold; nothing was patched (Observe mode, rule not allowed to patch,
   * or rate limit).
   */
  Open,
  /** The Ingress was patched; waiting for new connections to show the effect. */
  Remediated,
  /** After the patch, new upgrades over HTTP/1.1 stayed open. */
  Resolved,
  /** After the patch and its grace period, early closes went on; wsaudit will not patch again. */
  Ineffective,
  /**
   * The Ingress setting is already right: the cause is elsewhere (for example another proxy in the
   * path).
   */
  NotRemediable
}
