package io.wsaudit.operator.diagnosis;

import java.time.Instant;

/**
 * The ingress-nginx controller's patch slot (at most one patch per controller per interval). Taking
 * it is the one effect a diagnosis has, on purpose: policies of one controller are reconciled
 * concurrently, and two of them must not both decide they own the same free slot.
 */
public interface PatchSlot {

  /** Takes the slot if it is free at {@code now}. */
  boolean tryTake(Instant now);

  /** When the slot frees up (for the RateLimited condition's message). */
  Instant next();
}
