package io.wsaudit.bench.operator;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Bounded polling for a condition another process or thread makes true. */
final class Poll {

  private Poll() {}

  static void until(String what, Duration atMost, BooleanSupplier condition)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("not within " + atMost + ": " + what);
      }
      Thread.sleep(10);
    }
  }
}
