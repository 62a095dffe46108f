package io.wsaudit.operator.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.awaitility.core.ThrowingRunnable;

/** The bounded waits operator scenarios share: until something happens, and that it stays so. */
public final class Waits {

  /** Long enough for correlation, a reconcile and a patch on a loaded CI machine. */
  public static final Duration WAIT = Duration.ofSeconds(20);

  private Waits() {}

  public static void eventually(ThrowingRunnable assertion) {
    await().atMost(WAIT).untilAsserted(assertion);
  }

  /**
   * Holds for a second, through several reconciles (the harness resyncs every 300-500 ms): what the
   * operator must not do is not merely late.
   */
  public static void throughReconciles(ThrowingRunnable assertion) {
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(assertion);
  }
}
