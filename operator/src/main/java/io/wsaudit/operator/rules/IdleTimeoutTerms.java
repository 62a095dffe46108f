package io.wsaudit.operator.rules;

import io.wsaudit.operator.api.v1alpha1.IdleTimeoutPolicy;

/**
 * A policy's {@code spec.idleTimeout} with defaults filled in and checked.
 *
 * @param raiseTo seconds the IdleTimeout rule writes
 * @param maximum the largest value it may write
 * @param problem why the values are refused, or null when they are usable
 */
public record IdleTimeoutTerms(long raiseTo, long maximum, String problem) {

  public static final long DEFAULT_RAISE_TO = 3600;
  public static final long DEFAULT_MAXIMUM = 86400;

  /**
   * A week: a quiet WebSocket older than that is not one a proxy should hold open for a client, and
   * it stays far below the 2^31 ms nginx's timers hold (inference from ngx_msec_t).
   */
  public static final long CEILING = 7L * 24 * 3600;

  public static IdleTimeoutTerms of(IdleTimeoutPolicy p) {
    long raiseTo = p == null || p.getRaiseTo() == null ? DEFAULT_RAISE_TO : p.getRaiseTo();
    long maximum = p == null || p.getMaximum() == null ? DEFAULT_MAXIMUM : p.getMaximum();
    String problem = null;
    if (maximum < 1 || maximum > CEILING) {
      problem = "spec.idleTimeout.maximum " + maximum + " is outside 1.." + CEILING + " seconds";
    } else if (raiseTo < 1 || raiseTo > maximum) {
      problem =
          "spec.idleTimeout.raiseTo "
              + raiseTo
              + " is outside 1..maximum ("
              + maximum
              + ") seconds";
    }
    return new IdleTimeoutTerms(raiseTo, maximum, problem);
  }

  public boolean valid() {
    return problem == null;
  }
}
