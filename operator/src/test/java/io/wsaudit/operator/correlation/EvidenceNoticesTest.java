package io.wsaudit.operator.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * New-evidence notices: the first of a namespace at once, the rest of its interval as one at the
 * interval's end, namespaces independent.
 */
@Timeout(30)
class EvidenceNoticesTest {

  final List<Set<String>> told = new CopyOnWriteArrayList<>();
  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  final EvidenceNotices notices =
      new EvidenceNotices(told::add, Duration.ofMillis(200), timer, nanos::get);

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  @Test
  void theFirstNoticeGoesAtOnce_theRestOfTheIntervalAsOneAtItsEnd() {
    notices.accept(Set.of("shop"));
    assertThat(told).containsExactly(Set.of("shop"));

    nanos.addAndGet(Duration.ofMillis(10).toNanos());
    for (int i = 0; i < 100; i++) {
      notices.accept(Set.of("shop"));
    }
    assertThat(told).hasSize(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> told.size() == 2);
    assertThat(told.get(1)).isEqualTo(Set.of("shop"));

    // Quiet for longer than the interval: the next notice goes at once again.
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    notices.accept(Set.of("shop"));
    assertThat(told).hasSize(3);
  }

  @Test
  void namespacesAreIndependent() {
    notices.accept(Set.of("shop"));
    nanos.addAndGet(Duration.ofMillis(10).toNanos());
    notices.accept(Set.of("shop", "billing"));

    assertThat(told).containsExactly(Set.of("shop"), Set.of("billing"));
    await().atMost(Duration.ofSeconds(10)).until(() -> told.size() == 3);
    assertThat(told.get(2)).isEqualTo(Set.of("shop"));
  }
}
