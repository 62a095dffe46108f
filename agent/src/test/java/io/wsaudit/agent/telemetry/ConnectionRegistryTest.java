package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.TraceState;
import org.junit.jupiter.api.Test;

class ConnectionRegistryTest {

  private final SpanCounters counters = new SpanCounters();

  private static OpenConnection connection(long key) {
    return new OpenConnection(
        key,
        1,
        2,
        3,
        (byte) 1,
        TraceState.getDefault(),
        5,
        "/ws",
        "10.1.2.3",
        new ServerSide("1.1", "example.com", "test-1.0"));
  }

  @Test
  void findsReplacesAndRemovesByKey() {
    ConnectionRegistry registry = new ConnectionRegistry(10, counters);
    OpenConnection first = connection(42);
    registry.put(first);
    assertThat(registry.get(42)).isSameAs(first);
    assertThat(registry.get(43)).isNull();
    OpenConnection again = connection(42);
    registry.put(again);
    assertThat(registry.size()).isEqualTo(1);
    assertThat(registry.get(42)).isSameAs(again);
    assertThat(registry.remove(first)).as("replaced: not the entry any more").isFalse();
    assertThat(registry.remove(again)).isTrue();
    assertThat(registry.remove(again)).isFalse();
    assertThat(registry.size()).isZero();
  }

  @Test
  void keysThatShareABucketStayApart() {
    ConnectionRegistry registry = new ConnectionRegistry(100, counters);
    // keys whose folded halves agree in the low bits: one bucket of the initial table
    long[] keys = {1L << 40, 2L << 40, 3L << 40, (1L << 40) | (1L << 8) | 1L << 40 + 8};
    for (long key : keys) {
      registry.put(connection(key));
    }
    for (long key : keys) {
      assertThat(registry.get(key).key).isEqualTo(key);
    }
    assertThat(registry.remove(registry.get(keys[1]))).isTrue();
    assertThat(registry.get(keys[0])).isNotNull();
    assertThat(registry.get(keys[2])).isNotNull();
    assertThat(registry.get(keys[1])).isNull();
  }

  @Test
  void forgetsTheOldestPastTheLimitAndKeepsWorkingAcrossGrowth() {
    ConnectionRegistry registry = new ConnectionRegistry(1_000, counters);
    for (long i = 0; i < 5_000; i++) {
      registry.put(connection(ConnectionKey.mix(i)));
      if (i % 3 == 0) {
        assertThat(registry.remove(registry.get(ConnectionKey.mix(i)))).isTrue();
      }
    }
    assertThat(registry.size()).isEqualTo(1_000);
    // the survivors are the newest entries that were not removed
    assertThat(registry.get(ConnectionKey.mix(4_999))).isNotNull();
    assertThat(registry.get(ConnectionKey.mix(4_998))).isNull(); // removed: 4998 % 3 == 0
    assertThat(registry.get(ConnectionKey.mix(10))).isNull(); // forgotten
    long kept = 5_000 - 5_000 / 3 - (5_000 % 3 == 0 ? 0 : 1);
    assertThat(counters.connectionsForgotten()).isEqualTo(kept - 1_000);
  }
}
