package io.wsaudit.operator.otlp.admission;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Shared by both OTLP transports: at most {@code maxDecodes} requests read and decode at once, and
 * together they hold at most {@code budgetBytes} of estimated decode memory. A burst of large
 * exports is refused (429 / RESOURCE_EXHAUSTED, which OTLP exporters retry later) instead of
 * filling the heap; small exports keep a reserve of their own so they pass during such a burst.
 */
public final class IngestAdmission {

  /** Bodies up to this size may use the reserve that large bodies cannot touch. */
  static final long SMALL_BODY_BYTES = 256 * 1024;

  private final Semaphore decodes;
  private final long budgetBytes;
  private final long reserveBytes;
  private long heldBytes;

  public IngestAdmission(int maxDecodes, long budgetBytes) {
    this.decodes = new Semaphore(maxDecodes, true);
    this.budgetBytes = budgetBytes;
    this.reserveBytes = Math.min(budgetBytes / 4, 4L * SMALL_BODY_BYTES);
  }

  /**
   * A decode slot, waited for briefly (a burst of small exports queues instead of being refused),
   * or empty when every slot stays busy.
   */
  public Optional<Permit> admit() {
    try {
      if (decodes.tryAcquire(500, TimeUnit.MILLISECONDS)) {
        return Optional.of(new Permit());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Optional.empty();
  }

  /** Budget held right now (for tests and diagnostics). */
  public synchronized long heldBytes() {
    return heldBytes;
  }

  private synchronized boolean reserve(long already, long more) {
    long limit = already + more <= SMALL_BODY_BYTES ? budgetBytes : budgetBytes - reserveBytes;
    if (heldBytes + more > limit) {
      return false;
    }
    heldBytes += more;
    return true;
  }

  private synchronized void release(long bytes) {
    heldBytes -= bytes;
  }

  /** One admitted request: its decode slot and the bytes it holds, all given back on close. */
  public final class Permit implements AutoCloseable {
    private long held;
    private boolean closed;

    private Permit() {}

    /** Holds {@code bytes} more of the budget; false (nothing held) when the budget is spent. */
    public boolean reserve(long bytes) {
      if (!IngestAdmission.this.reserve(held, bytes)) {
        return false;
      }
      held += bytes;
      return true;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release(held);
        decodes.release();
      }
    }
  }
}
