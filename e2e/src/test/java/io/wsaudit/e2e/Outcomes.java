package io.wsaudit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsaudit.e2e.client.WsProbe;
import io.wsaudit.e2e.model.ProxyModelController;
import java.time.Duration;
import java.util.List;

/** What the e2e tests check again and again of the clients' outcomes and the models' reloads. */
public final class Outcomes {

  private Outcomes() {}

  /** Every client upgraded (101) and was still open when it left, {@code atLeast} after. */
  public static void assertStayedOpen(List<WsProbe.Outcome> outcomes, Duration atLeast) {
    assertThat(outcomes)
        .allSatisfy(
            o -> {
              assertThat(o.status()).as(o.describe()).isEqualTo(101);
              assertThat(o.survived()).as(o.describe()).isTrue();
              assertThat(o.lifetime()).isGreaterThanOrEqualTo(atLeast);
            });
  }

  /** Every client upgraded and was cut by a 3 s idle timer: no close frame, at about 3 s. */
  public static void assertCutAtThreeSeconds(List<WsProbe.Outcome> outcomes) {
    assertThat(outcomes).allSatisfy(Outcomes::assertCutAtThreeSeconds);
  }

  /** This client upgraded and was cut by a 3 s idle timer: no close frame, at about 3 s. */
  public static void assertCutAtThreeSeconds(WsProbe.Outcome o) {
    assertThat(o.status()).as(o.describe()).isEqualTo(101);
    assertThat(o.survived()).as(o.describe()).isFalse();
    assertThat(o.death()).contains("without a WebSocket close frame");
    assertThat(o.lifetime()).isBetween(Duration.ofMillis(2_500), Duration.ofMillis(4_500));
  }

  /** Every client was refused with {@code status} instead of the 101, so nothing stayed open. */
  public static void assertRefused(List<WsProbe.Outcome> outcomes, int status) {
    assertThat(outcomes)
        .allSatisfy(
            o -> {
              assertThat(o.status()).as(o.describe()).isEqualTo(status);
              assertThat(o.survived()).as(o.describe()).isFalse();
            });
  }

  /** Waits up to {@code within} for one reload of the model that added every line given. */
  public static void awaitReloadAdding(
      ProxyModelController<?> model, Duration within, String... lines) {
    List<String> wanted = List.of(lines);
    await()
        .atMost(within)
        .until(() -> model.reloads().stream().anyMatch(r -> r.added().containsAll(wanted)));
  }
}
