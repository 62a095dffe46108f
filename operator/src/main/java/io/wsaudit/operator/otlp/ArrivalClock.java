package io.wsaudit.operator.otlp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Time is the operator's, not the sender's: a span (or log record) dated more than {@link
 * #MAX_SKEW} after its arrival is re-dated to its arrival (a forged "still failing" span dated in
 * the future would otherwise count after every later patch, and never age out).
 */
public final class ArrivalClock {

  /** Clock skew tolerated between a node and the operator. */
  static final Duration MAX_SKEW = Duration.ofSeconds(30);

  private final Clock clock;

  public ArrivalClock(Clock clock) {
    this.clock = clock;
  }

  /** The observations with future times clamped, and how many were. */
  public record Clamped(List<Observation> observations, int clamped) {}

  public Clamped clamp(List<Observation> observations) {
    Instant now = now();
    List<Observation> out = new ArrayList<>(observations.size());
    int clamped = 0;
    for (Observation o : observations) {
      if (tooLate(o.time(), now)) {
        out.add(o.withTime(now));
        clamped++;
      } else {
        out.add(o);
      }
    }
    return new Clamped(out, clamped);
  }

  Instant now() {
    return clock.instant();
  }

  /** Whether {@code time} is further after {@code now} than any node's clock may be. */
  static boolean tooLate(Instant time, Instant now) {
    return time != null && time.isAfter(now.plus(MAX_SKEW));
  }
}
