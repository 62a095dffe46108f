package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Spans lost to a failing or stuck exporter are counted, and ending a span never waits for the
 * exporter.
 */
class CountingSpanExporterTest {

  @Test
  void failedExportsAreCounted() {
    SpanCounters counters = new SpanCounters();
    SpanExporter failing = new StubExporter(CompletableResultCode.ofFailure(), null);
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(
                    new CountingSpanExporter(failing, counters)))
            .build()) {
      for (int i = 0; i < 5; i++) {
        provider.get("t").spanBuilder("s").startSpan().end();
        counters.emitted.incrementAndGet();
      }
    }
    assertThat(counters.exportFailed()).isEqualTo(5);
    assertThat(counters.exported()).isZero();
    assertThat(counters.toString()).contains("export failed 5");
  }

  @Test
  void aStuckExporterDropsSpansInsteadOfBlockingTheApplication() throws Exception {
    SpanCounters counters = new SpanCounters();
    CountDownLatch release = new CountDownLatch(1);
    SpanExporter stuck = new StubExporter(CompletableResultCode.ofSuccess(), release);
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                BatchSpanProcessor.builder(new CountingSpanExporter(stuck, counters))
                    .setMaxQueueSize(16)
                    .setMaxExportBatchSize(4)
                    .setScheduleDelay(Duration.ofMillis(1))
                    .build())
            .build();
    long start = System.nanoTime();
    for (int i = 0; i < 1000; i++) {
      provider.get("t").spanBuilder("s").startSpan().end();
      counters.emitted.incrementAndGet();
    }
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    release.countDown();
    provider.shutdown().join(5, TimeUnit.SECONDS);
    // 1000 spans ended while the exporter was stuck: the queue (16) kept a few, the rest were
    // dropped.
    assertThat(counters.exported()).isLessThan(100);
    assertThat(counters.notExported()).isGreaterThan(900);
    assertThat(elapsedMillis).as("ending spans must not wait for the exporter").isLessThan(5_000);
  }

  private static final class StubExporter implements SpanExporter {
    private final CompletableResultCode result;
    private final CountDownLatch gate;

    StubExporter(CompletableResultCode result, CountDownLatch gate) {
      this.result = result;
      this.gate = gate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      if (gate != null) {
        try {
          gate.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return result;
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
