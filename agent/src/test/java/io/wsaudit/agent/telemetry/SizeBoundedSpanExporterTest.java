package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch is one export unless its spans are too big together; then parts go one by one. */
class SizeBoundedSpanExporterTest {

  private static final long BUDGET = 64 * 1024;

  @Test
  void usualSpansGoInOneExport() {
    Recording recording = new Recording();
    List<SpanData> batch = spans(512, 40);
    CompletableResultCode result =
        new SizeBoundedSpanExporter(recording, SizeBoundedSpanExporter.DEFAULT_BUDGET)
            .export(batch);
    assertThat(result.isSuccess()).isTrue();
    assertThat(recording.sizes).containsExactly(512);
  }

  @Test
  void bigSpansAreSplitIntoPartsWithinTheBudgetInOrder() {
    Recording recording = new Recording();
    List<SpanData> batch = spans(40, 8192);
    long one = SizeBoundedSpanExporter.estimatedBytes(batch.get(0));
    assertThat(one).isGreaterThan(3 * 8192);
    CompletableResultCode result = new SizeBoundedSpanExporter(recording, BUDGET).export(batch);
    assertThat(result.isSuccess()).isTrue();
    assertThat(recording.sizes).hasSizeGreaterThan(1).allMatch(n -> n * one <= BUDGET);
    assertThat(recording.spans).containsExactlyElementsOf(batch);
  }

  @Test
  void aSpanOverTheBudgetAloneIsStillExported() {
    Recording recording = new Recording();
    List<SpanData> batch = spans(2, 100_000);
    new SizeBoundedSpanExporter(recording, BUDGET).export(batch);
    assertThat(recording.sizes).containsExactly(1, 1);
  }

  @Test
  void onePartFailingFailsTheBatchAndTheRestIsStillSent() {
    Recording recording = new Recording();
    recording.failFirst = true;
    CompletableResultCode result =
        new SizeBoundedSpanExporter(recording, BUDGET).export(spans(40, 8192));
    assertThat(result.isDone()).isTrue();
    assertThat(result.isSuccess()).isFalse();
    assertThat(recording.spans).hasSize(40);
  }

  private static List<SpanData> spans(int count, int userAgentChars) {
    String userAgent = "a".repeat(userAgentChars);
    List<SpanData> spans = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      spans.add(
          TestSpanData.builder()
              .setName("websocket.handshake")
              .setKind(SpanKind.SERVER)
              .setStartEpochNanos(1)
              .setEndEpochNanos(2)
              .setHasEnded(true)
              .setStatus(StatusData.create(StatusCode.UNSET, ""))
              .setAttributes(Attributes.builder().put("user_agent.original", userAgent).build())
              .setTotalAttributeCount(1)
              .build());
    }
    return spans;
  }

  /** Records each export's span count; completes at once (a failure first if asked). */
  private static final class Recording implements SpanExporter {
    final List<Integer> sizes = new ArrayList<>();
    final List<SpanData> spans = new ArrayList<>();
    boolean failFirst;

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      sizes.add(batch.size());
      spans.addAll(batch);
      if (failFirst && sizes.size() == 1) {
        return CompletableResultCode.ofFailure();
      }
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
