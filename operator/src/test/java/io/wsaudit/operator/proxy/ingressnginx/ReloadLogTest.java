package io.wsaudit.operator.proxy.ingressnginx;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.wsaudit.operator.testing.ChatIngress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reload history stays bounded; which changes reload ingress-nginx. */
class ReloadLogTest {

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-01-01T12:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void aFloodOfChangesKeepsTheNewestWithinCapacityAndAge() {
    MovingClock clock = new MovingClock();
    ReloadLog log = new ReloadLog(4, Duration.ofHours(1), clock);
    for (int i = 0; i < 10_000; i++) {
      log.record("Ingress shop/i" + i, false);
    }
    assertThat(log.recent())
        .extracting(Reload::change)
        .containsExactly(
            "Ingress shop/i9996", "Ingress shop/i9997", "Ingress shop/i9998", "Ingress shop/i9999");
    assertThat(log.dropped()).isEqualTo(9_996);
    clock.now = clock.now.plus(Duration.ofMinutes(61));
    assertThat(log.recent()).isEmpty();
  }

  @Test
  void specAndAnnotationChangesReload_statusDoesNot() {
    Ingress a = ChatIngress.annotated(Map.of("x", "1"));
    Ingress statusOnly = new IngressBuilder(a).withNewStatus().endStatus().build();
    assertThat(ReloadTriggers.reloads(a, statusOnly)).isFalse();
    assertThat(ReloadTriggers.reloads(a, ChatIngress.annotated(Map.of("x", "2")))).isTrue();
    assertThat(ReloadTriggers.reloads(null, a)).isTrue();
    assertThat(ReloadTriggers.reloads(a, null)).isTrue();
    Ingress patched =
        ChatIngress.annotated(Map.of("x", "1", "wsaudit.io/remediated-proxy-read-timeout", "{}"));
    assertThat(ReloadTriggers.byWsaudit(a, patched, "wsaudit.io/remediated-")).isTrue();
    assertThat(ReloadTriggers.byWsaudit(patched, a, "wsaudit.io/remediated-")).isTrue();
    assertThat(
            ReloadTriggers.byWsaudit(
                a, ChatIngress.annotated(Map.of("x", "2")), "wsaudit.io/remediated-"))
        .isFalse();
  }

  @Test
  void workerShutdownTimeoutComesFromTheConfigMap() {
    assertThat(ReloadTriggers.workerShutdownTimeout(null)).isEqualTo(Duration.ofSeconds(240));
    assertThat(
            ReloadTriggers.workerShutdownTimeout(
                new ConfigMapBuilder().withData(Map.of("worker-shutdown-timeout", "5m")).build()))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(
            ReloadTriggers.workerShutdownTimeout(
                new ConfigMapBuilder().withData(Map.of("worker-shutdown-timeout", "x")).build()))
        .isEqualTo(Duration.ofSeconds(240));
  }
}
