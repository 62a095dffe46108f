package io.wsaudit.operator.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.operator.otlp.CloseObservation;
import io.wsaudit.operator.otlp.IdleEvidence;
import io.wsaudit.operator.testing.Observations;
import io.wsaudit.operator.trust.Sender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The store and the pending closes stay within their byte bounds, and records age by arrival. */
class EvidenceStoreBoundsTest {

  private static final Route ROUTE = new Route("shop", "chat", "", "/");

  @Test
  void bytesAreBoundedPerIngressAndInTotal() {
    EvidenceStore store =
        new EvidenceStore(
            new EvidenceBounds(Duration.ofHours(1), 1_000_000, 100_000, 250_000),
            Clock.systemUTC());
    for (int i = 0; i < 10_000; i++) {
      Route r = new Route("ns" + (i % 5), "ing", "", "/");
      store.upsert("t" + i, r, x -> x, new ConnectionRecord(r, "t" + i, null, close("t" + i)));
    }
    assertThat(store.totalBytes()).isLessThanOrEqualTo(250_000);
    assertThat(store.since("ns4/ing", Instant.EPOCH)).isNotEmpty();
  }

  @Test
  void recordsDatedInTheFutureStillAgeOutByArrival() {
    Instant arrival = Instant.parse("2026-01-01T00:00:00Z");
    EvidenceStore store =
        new EvidenceStore(
            new EvidenceBounds(Duration.ofHours(1), 100, 1 << 20, 1 << 20),
            Clock.fixed(arrival, ZoneOffset.UTC));
    CloseObservation future = close("t").withTime(arrival.plus(Duration.ofDays(30)));
    store.upsert("t", ROUTE, x -> x, new ConnectionRecord(ROUTE, "t", null, future));
    store.expire(arrival.plus(Duration.ofMinutes(59)));
    assertThat(store.since(ROUTE.ingressKey(), Instant.EPOCH)).hasSize(1);
    store.expire(arrival.plus(Duration.ofMinutes(61)));
    assertThat(store.since(ROUTE.ingressKey(), Instant.EPOCH)).isEmpty();
    assertThat(store.totalBytes()).isZero();
  }

  @Test
  void pendingClosesAreBoundedInBytes() {
    AtomicInteger dropped = new AtomicInteger();
    PendingCloses pending = new PendingCloses(10_000, 100_000, dropped::incrementAndGet);
    for (int i = 0; i < 1_200; i++) {
      pending.put("t" + i + "/" + "c".repeat(128), close("t" + i), Sender.UNAUTHENTICATED);
    }
    assertThat(pending.bytes()).isLessThanOrEqualTo(100_000);
    assertThat(dropped.get()).isPositive();
  }

  @Test
  void aFloodOfIdleClosesStaysWithinTheCountAndTheBytes_idleEvidenceIsCounted() {
    EvidenceStore store =
        new EvidenceStore(
            new EvidenceBounds(Duration.ofHours(1), 2_000, 4L << 20, 64L << 20), Clock.systemUTC());
    for (int i = 0; i < 50_000; i++) {
      CloseObservation c = idleClose("t" + i);
      store.upsert("t" + i, ROUTE, x -> x, new ConnectionRecord(ROUTE, "t" + i, null, c));
    }
    assertThat(store.since(ROUTE.ingressKey(), Instant.EPOCH)).hasSize(2_000);
    assertThat(store.totalBytes()).isLessThanOrEqualTo(4L << 20);
    assertThat(RecordSize.of(idleClose("t"))).isGreaterThan(RecordSize.of(close("t")));
  }

  private static CloseObservation idleClose(String traceId) {
    return Observations.close(
        traceId,
        "1.1",
        1006L,
        "transport",
        "eof",
        61_000L,
        false,
        new IdleEvidence(60_100L, 60_200L, false),
        Instant.now());
  }

  private static CloseObservation close(String traceId) {
    return Observations.close(
        traceId, "1.1", 1006L, "server", "keep_alive", 3L, true, IdleEvidence.NONE, Instant.now());
  }
}
