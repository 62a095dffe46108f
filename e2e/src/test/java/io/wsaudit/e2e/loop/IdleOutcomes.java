package io.wsaudit.e2e.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import io.wsaudit.contract.WsAuditSpans.Initiator;
import io.wsaudit.e2e.Outcomes;
import io.wsaudit.e2e.client.WsProbe;
import io.wsaudit.e2e.stage.Stage;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** What the clients and the agent saw of the first round. */
final class IdleOutcomes {

  private IdleOutcomes() {}

  static void assertBefore(List<WsProbe.Outcome> before) {
    for (WsProbe.Outcome o : before) {
      assertThat(o.status()).as(o.describe()).isEqualTo(101);
      String app = o.label().substring(0, o.label().indexOf(' '));
      switch (app) {
        case "idle" ->
            // nginx: "upstream timed out (110) while proxying upgraded connection", no close frame
            Outcomes.assertCutAtThreeSeconds(o);
        case "server-idle" -> {
          assertThat(o.death())
              .as(o.describe())
              .isEqualTo("close frame from the server, code 1001");
          assertThat(o.lifetime()).isBetween(Duration.ofMillis(1_500), Duration.ofMillis(2_900));
        }
        case "app-close" -> {
          assertThat(o.death())
              .as(o.describe())
              .isEqualTo("close frame from the server, code 1000");
          assertThat(o.lifetime()).isBetween(Duration.ofMillis(1_300), Duration.ofMillis(2_500));
        }
        default -> {
          assertThat(o.survived()).as(o.describe()).isTrue();
          assertThat(o.lifetime()).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
          assertThat(o.echoes()).isGreaterThanOrEqualTo(5);
        }
      }
    }
  }

  static List<ReceivedSpan> spans(OtlpCollector tap, String pod, String name, Instant after) {
    return tap.spans().stream()
        .filter(s -> pod.equals(s.pod()) && name.equals(s.name()))
        .filter(s -> !s.received.isBefore(after))
        .toList();
  }

  /**
   * Waits (10 s at most) until {@code pod} has sent exactly {@code count} spans named {@code name}
   * since {@code after}, each satisfying {@code each}.
   */
  static void awaitSpans(
      OtlpCollector tap,
      String pod,
      String name,
      Instant after,
      int count,
      Consumer<ReceivedSpan> each) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(spans(tap, pod, name, after)).hasSize(count).allSatisfy(each));
  }

  /** The close spans of the idle app and the three controls, in that order, since {@code begin}. */
  static void assertCloseSpans(OtlpCollector tap, Instant begin, List<Stage.App> apps) {
    Stage.App idle = apps.get(0);
    Stage.App serverIdle = apps.get(1);
    Stage.App appClose = apps.get(2);
    Stage.App busy = apps.get(3);
    assertThat(spans(tap, idle.pod(), WsAuditSpans.CLOSE_SPAN, begin))
        .hasSize(3)
        .allSatisfy(
            s -> {
              assertClose(s, "1006", Initiator.TRANSPORT, Cause.EOF);
              assertThat(Long.parseLong(s.text(WsAuditSpans.CONNECTION_DURATION_MS)))
                  .isBetween(2_500L, 4_500L);
              // the agent's idle evidence: the server sent nothing for the read timeout
              assertThat(Long.parseLong(s.text(WsAuditSpans.IDLE_SENT_MS)))
                  .isBetween(2_500L, 4_500L);
            });
    assertThat(spans(tap, serverIdle.pod(), WsAuditSpans.CLOSE_SPAN, begin))
        .hasSize(3)
        .allSatisfy(s -> assertClose(s, "1001", Initiator.SERVER, Cause.IDLE_TIMEOUT));
    assertThat(spans(tap, appClose.pod(), WsAuditSpans.CLOSE_SPAN, begin))
        .hasSize(3)
        .allSatisfy(s -> assertClose(s, "1000", Initiator.SERVER, Cause.APPLICATION));
    assertThat(spans(tap, busy.pod(), WsAuditSpans.CLOSE_SPAN, begin))
        .hasSize(3)
        .allSatisfy(s -> assertClose(s, "1000", Initiator.CLIENT, Cause.CLIENT));
  }

  private static void assertClose(ReceivedSpan s, String code, String initiator, String cause) {
    assertThat(s.attributes)
        .containsEntry(WsAuditSpans.CLOSE_CODE, Long.valueOf(code))
        .containsEntry(WsAuditSpans.CLOSE_INITIATOR, initiator)
        .containsEntry(WsAuditSpans.CLOSE_CAUSE, cause)
        .containsEntry(WsAuditSpans.CLOSE_EARLY, false);
  }
}
