package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoarseClockTest {

  private static final long MS = 1_000_000L;
  // Generous for a loaded 2-core host: the bound says "a tick plus scheduling", not a speed.
  private static final long LAG_BOUND_NANOS = 1000 * MS;

  private final AtomicInteger created = new AtomicInteger();
  private final ThreadFactory daemons =
      r -> {
        created.incrementAndGet();
        Thread t = new Thread(r, "test-clock");
        t.setDaemon(true);
        return t;
      };
  // No linger: these tests see the ticker park on its first idle tick.
  private final CoarseClock clock = new CoarseClock(CoarseClock.TICK_MILLIS, 0, daemons);

  @AfterEach
  void close() {
    clock.close();
  }

  private static ConnectionRegistry registry(CoarseClock clock) {
    return new ConnectionRegistry(10, new SpanCounters(), clock);
  }

  private static OpenConnection connection(long key) {
    return new OpenConnection(
        key,
        1,
        2,
        3,
        (byte) 1,
        null,
        System.nanoTime(),
        "/",
        null,
        new ServerSide("13", null, "t"));
  }

  @Test
  void noThreadUntilAConnectionOpensAndReadingsArePreciseMeanwhile() {
    registry(clock);

    long before = System.nanoTime();
    long reading = clock.nanoTime();

    assertThat(clock.ticker()).isNull();
    assertThat(clock.isTicking()).isFalse();
    assertThat(reading).isBetween(before, System.nanoTime());
  }

  @Test
  void ticksWhileAConnectionIsOpenWithinItsBoundAndNeverAhead() throws Exception {
    ConnectionRegistry registry = registry(clock);
    registry.put(connection(1));

    assertThat(clock.isTicking()).isTrue();
    assertThat(clock.ticker().isDaemon()).isTrue();
    Set<Long> readings = new HashSet<>();
    long worstLag = 0;
    long until = System.nanoTime() + 300 * MS;
    while (System.nanoTime() < until) {
      long reading = clock.nanoTime();
      long precise = System.nanoTime();
      assertThat(reading).as("never ahead of System.nanoTime()").isLessThanOrEqualTo(precise);
      worstLag = Math.max(worstLag, precise - reading);
      readings.add(reading);
      Thread.sleep(1);
    }
    assertThat(readings).as("distinct ticks in 300 ms of 10 ms ticks").hasSizeGreaterThan(3);
    assertThat(worstLag).isLessThan(LAG_BOUND_NANOS);
  }

  @Test
  void waitsWithoutTimeoutOnceNoConnectionIsOpenAndResumesOnTheNext() {
    ConnectionRegistry registry = registry(clock);
    OpenConnection c = connection(1);
    registry.put(c);
    Thread ticker = clock.ticker();
    registry.remove(c);

    await().atMost(Duration.ofSeconds(10)).until(() -> !clock.isTicking());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ticker.getState() == Thread.State.WAITING); // no timed wake-ups

    long before = System.nanoTime();
    registry.put(connection(2));
    assertThat(clock.isTicking()).isTrue();
    assertThat(clock.nanoTime()).as("fresh at the open").isGreaterThanOrEqualTo(before);
    assertThat(clock.ticker()).isSameAs(ticker);
    assertThat(created).hasValue(1);
  }

  @Test
  void lingersAfterTheLastConnectionThenParks() throws Exception {
    CoarseClock lingering = new CoarseClock(CoarseClock.TICK_MILLIS, 20, daemons); // 200 ms
    try {
      ConnectionRegistry registry = registry(lingering);
      OpenConnection c = connection(1);
      registry.put(c);
      Thread ticker = lingering.ticker();
      registry.remove(c);

      // Right after the last connection it still ticks: the next one needs no wake-up.
      assertThat(lingering.isTicking()).isTrue();
      long first = lingering.nanoTime();
      await().atMost(Duration.ofSeconds(10)).until(() -> lingering.nanoTime() != first);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ticker.getState() == Thread.State.WAITING && !lingering.isTicking());

      registry.put(connection(2));
      assertThat(lingering.isTicking()).isTrue();
      assertThat(lingering.ticker()).isSameAs(ticker);
    } finally {
      lingering.close();
    }
  }

  @Test
  void ticksWhileAnyRegistryHasAConnection() {
    ConnectionRegistry one = registry(clock);
    ConnectionRegistry two = registry(clock);
    OpenConnection a = connection(1);
    OpenConnection b = connection(2);
    one.put(a);
    two.put(b);

    one.remove(a);
    assertThat(clock.isTicking()).isTrue();
    two.remove(b);
    await().atMost(Duration.ofSeconds(10)).until(() -> !clock.isTicking());
    one.remove(a); // a second removal changes nothing
    two.put(connection(3));
    assertThat(clock.isTicking()).isTrue();
  }

  @Test
  void aTickerThatCannotStartCostsOnlyPreciseReadingsAndIsNotRetried() {
    CoarseClock broken =
        new CoarseClock(
            CoarseClock.TICK_MILLIS,
            0,
            r -> {
              throw new OutOfMemoryError("unable to create native thread (test)");
            });
    ConnectionRegistry registry = registry(broken);
    OpenConnection c = connection(1);

    registry.put(c); // does not throw into the server's thread
    long before = System.nanoTime();
    long reading = broken.nanoTime();
    registry.remove(c);
    registry.put(connection(2));

    assertThat(reading).isBetween(before, System.nanoTime());
    assertThat(broken.isTicking()).isFalse();
    assertThat(broken.failures()).isEqualTo(1);
  }
}
