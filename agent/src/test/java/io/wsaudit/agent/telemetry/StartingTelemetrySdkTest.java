package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SDK built on its own thread (DeferredTracer over StartingTelemetrySdk): spans wait for it,
 * and those that find none are counted.
 */
class StartingTelemetrySdkTest {

  private final SpanCounters counters = new SpanCounters();
  private final CountDownLatch release = new CountDownLatch(1);
  private StartingTelemetrySdk backend;

  @BeforeAll
  static void noExport() {
    // A real SDK that records spans (with no exporter at all it would make invalid ones) and
    // sends them nowhere but the log.
    System.setProperty("otel.traces.exporter", "console");
    System.setProperty("otel.metrics.exporter", "none");
  }

  @AfterAll
  static void restore() {
    System.clearProperty("otel.traces.exporter");
    System.clearProperty("otel.metrics.exporter");
  }

  @AfterEach
  void stop() {
    release.countDown();
    backend.shutdown(Duration.ofSeconds(2));
  }

  private StartingTelemetrySdk starting(Supplier<TelemetrySdk> build, Duration wait) {
    backend = new StartingTelemetrySdk(SdkSettings.resolve(), counters, build, wait);
    return backend;
  }

  private Supplier<TelemetrySdk> afterRelease(SdkSettings settings) {
    return () -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return TelemetrySdk.create(settings, counters);
    };
  }

  private static boolean recorded(Tracer tracer) {
    Span span = tracer.spanBuilder("websocket.handshake").startSpan();
    span.end();
    return span.getSpanContext().isValid();
  }

  @Test
  void anAbandonedSdkIsShutDownOnceBuilt() {
    AtomicReference<TelemetrySdk> built = new AtomicReference<>();
    Supplier<TelemetrySdk> build = afterRelease(SdkSettings.resolve());
    starting(
        () -> {
          TelemetrySdk sdk = build.get();
          built.set(sdk);
          return sdk;
        },
        Duration.ofSeconds(5));
    backend.abandon();
    release.countDown();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> built.get() != null && !recorded(built.get().tracer("test")));
  }

  @Test
  void theFirstSpanWaitsForTheSdkStillBeingBuilt() throws Exception {
    Tracer tracer =
        starting(afterRelease(SdkSettings.resolve()), Duration.ofSeconds(10)).tracer("t");
    CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> recorded(tracer));
    Thread.sleep(200);
    assertThat(first).isNotDone();
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(counters.droppedBeforeSdk()).isZero();
  }

  @Test
  void spansThatFindNoSdkInTimeAreCountedAndLaterOnesRecorded() {
    Tracer tracer =
        starting(afterRelease(SdkSettings.resolve()), Duration.ofMillis(50)).tracer("t");
    assertThat(recorded(tracer)).isFalse();
    assertThat(recorded(tracer)).isFalse();
    assertThat(counters.droppedBeforeSdk()).isEqualTo(2);
    assertThat(counters.toString()).contains("spans dropped (no SDK yet) 2");
    release.countDown();
    backend.sdk(Duration.ofSeconds(10));
    assertThat(recorded(tracer)).isTrue();
    assertThat(counters.droppedBeforeSdk()).isEqualTo(2);
  }

  @Test
  void onlyTheFirstSpanWaitsForASlowSdk() {
    Tracer tracer =
        starting(afterRelease(SdkSettings.resolve()), Duration.ofMillis(500)).tracer("t");
    long start = System.nanoTime();
    assertThat(recorded(tracer)).isFalse();
    long firstWaitMillis = (System.nanoTime() - start) / 1_000_000;
    start = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      assertThat(recorded(tracer)).isFalse();
    }
    long laterMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(firstWaitMillis).isGreaterThanOrEqualTo(450);
    // Five more spans waiting 500 ms each would take 2.5 s; none waits.
    assertThat(laterMillis).isLessThan(450);
    assertThat(counters.droppedBeforeSdk()).isEqualTo(6);
  }

  @Test
  void anSdkThatFailsToStartDropsAndCountsEverySpan() {
    Tracer tracer =
        starting(
                () -> {
                  throw new IllegalStateException("no exporter");
                },
                Duration.ofSeconds(10))
            .tracer("t");
    assertThat(recorded(tracer)).isFalse();
    assertThat(counters.droppedBeforeSdk()).isEqualTo(1);
    assertThat(backend.openTelemetry().getTracer("x").spanBuilder("s").startSpan().isRecording())
        .isFalse();
  }

  @Test
  void whatTheInstallerNeedsIsThereBeforeTheSdk() {
    StartingTelemetrySdk b = starting(afterRelease(SdkSettings.resolve()), Duration.ofMillis(50));
    assertThat(b.exporterDescription()).isEqualTo("console");
    assertThat(b.metricsDescription()).isEqualTo("none");
    assertThat(b.metrics("t").isOn()).isFalse();
    assertThat(b.attributeValueLengthLimit()).isEqualTo(TelemetrySdk.DEFAULT_VALUE_LENGTH_LIMIT);
    assertThat(b.spansThatMayWait()).isEqualTo(2048 + TelemetrySdk.DEFAULT_MAX_EXPORT_BATCH_SIZE);
    assertThat(b.sdk(Duration.ZERO)).isNull();
  }
}
