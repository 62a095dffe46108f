package io.wsaudit.operator.remediation;

import io.wsaudit.operator.diagnosis.PatchSlot;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * At most one patch per ingress-nginx controller per interval. Every annotation change reloads
 * nginx, and after a reload the old workers close upgraded connections within {@code
 * worker-shutdown-timeout} (240 s by default), so patches must be rare even when several Ingresses
 * need one.
 */
public final class PatchRateLimiter {

  private final Duration interval;
  private final Supplier<Optional<Instant>> lastPatchOnRecord;
  private final Map<String, Instant> last = new HashMap<>();

  /**
   * @param lastPatchOnRecord the newest patch time recorded on the Ingresses, read once per
   *     controller, so a restart does not reset the limit
   */
  public PatchRateLimiter(Duration interval, Supplier<Optional<Instant>> lastPatchOnRecord) {
    this.interval = interval;
    this.lastPatchOnRecord = lastPatchOnRecord;
  }

  /** Takes the controller's slot if it is free. */
  public synchronized boolean tryAcquire(String controllerId, Instant now) {
    Instant previous =
        last.computeIfAbsent(controllerId, k -> lastPatchOnRecord.get().orElse(Instant.EPOCH));
    if (previous.plus(interval).isAfter(now)) {
      return false;
    }
    last.put(controllerId, now);
    return true;
  }

  /** The controller's slot, as the diagnosis asks for it. */
  public PatchSlot slot(String controllerId) {
    return new PatchSlot() {
      @Override
      public boolean tryTake(Instant now) {
        return tryAcquire(controllerId, now);
      }

      @Override
      public Instant next() {
        return nextSlot(controllerId);
      }
    };
  }

  /** When the controller's slot frees up. */
  public synchronized Instant nextSlot(String controllerId) {
    return last.getOrDefault(controllerId, Instant.EPOCH).plus(interval);
  }
}
