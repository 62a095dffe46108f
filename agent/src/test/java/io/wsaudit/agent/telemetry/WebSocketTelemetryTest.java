package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Cause;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebSocketTelemetryTest {

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final SpanCounters counters = new SpanCounters();

  private WebSocketTelemetry telemetry(int maxOpen) {
    return TestTelemetry.of(
        provider.get(WsAuditSpans.SCOPE_NAME),
        List.of("x-tenant", "Cookie", "sec-websocket-key"),
        maxOpen,
        counters);
  }

  @AfterEach
  void close() {
    provider.close();
  }

  private static HandshakeDecision upgraded(int peerPort) {
    return upgraded(peerPort, Map.of());
  }

  private static HandshakeDecision upgraded(int peerPort, Map<String, List<String>> extra) {
    Map<String, List<String>> headers = new java.util.HashMap<>(extra);
    headers.putAll(
        Map.of(
            "host", List.of("chat.example.com:8443"),
            "x-forwarded-for", List.of("198.51.100.4, 10.0.0.2"),
            "x-tenant", List.of("acme"),
            "cookie", List.of("session=secret"),
            "sec-websocket-key", List.of("dGhlIHNhbXBsZSBub25jZQ=="),
            "connection", List.of("Upgrade")));
    return new HandshakeDecision()
        .server("test-1.0")
        .method("GET")
        .path("/ws?x=1")
        .protocol("HTTP/1.1")
        .status(101)
        .upgraded(true)
        .keepAlive(true)
        .peer(new InetSocketAddress("10.1.2.3", peerPort))
        .local(new InetSocketAddress("10.9.9.9", 8080))
        .headers(name -> headers.getOrDefault(name, List.of()));
  }

  @Test
  void handshakeAndCloseSpansFollowTheContract() {
    WebSocketTelemetry telemetry = telemetry(10);
    HandshakeDecision d = upgraded(40000);
    telemetry.handshake(d);
    telemetry.closeFrameSent(d.connectionKey(), 4000, "bye");
    telemetry.closeFrameReceived(d.connectionKey(), 1000, "");
    telemetry.connectionGone(d.connectionKey(), Cause.UNKNOWN);
    telemetry.connectionGone(d.connectionKey(), Cause.UNKNOWN); // twice: still one close span

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans)
        .extracting(SpanData::getName)
        .containsExactly(WsAuditSpans.HANDSHAKE_SPAN, WsAuditSpans.CLOSE_SPAN);
    SpanData handshake = spans.get(0);
    assertThat(handshake.getAttributes().get(AttributeKey.stringKey(WsAuditSpans.SERVER_ADDRESS)))
        .isEqualTo("chat.example.com");
    assertThat(handshake.getAttributes().get(AttributeKey.stringKey(WsAuditSpans.CLIENT_ADDRESS)))
        .isEqualTo("198.51.100.4");
    assertThat(handshake.getAttributes().get(AttributeKey.stringKey(WsAuditSpans.URL_PATH)))
        .isEqualTo("/ws");
    assertThat(
            handshake
                .getAttributes()
                .get(AttributeKey.stringArrayKey("http.request.header.x-tenant")))
        .containsExactly("acme");
    assertThat(handshake.getAttributes().asMap().keySet())
        .extracting(AttributeKey::getKey)
        .doesNotContain("http.request.header.cookie", "http.request.header.sec-websocket-key");

    SpanData close = spans.get(1);
    assertThat(close.getParentSpanId()).isEqualTo(handshake.getSpanId());
    assertThat(close.getTraceId()).isEqualTo(handshake.getTraceId());
    assertThat(close.getAttributes().get(AttributeKey.stringKey(WsAuditSpans.CLOSE_INITIATOR)))
        .isEqualTo("server");
    assertThat(close.getAttributes().get(AttributeKey.longKey(WsAuditSpans.CLOSE_CODE)))
        .isEqualTo(4000L);
    assertThat(close.getAttributes().get(AttributeKey.booleanKey(WsAuditSpans.CLOSE_EARLY)))
        .isTrue();
    assertThat(close.getAttributes().get(AttributeKey.stringKey(WsAuditSpans.CONNECTION_ID)))
        .isEqualTo(
            handshake.getAttributes().get(AttributeKey.stringKey(WsAuditSpans.CONNECTION_ID)));
    assertThat(close.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(counters.emitted()).isEqualTo(2);
  }

  @Test
  void rejectedHandshakesAreErrorsAndAreNotTracked() {
    WebSocketTelemetry telemetry = telemetry(10);
    HandshakeDecision d =
        upgraded(40001).status(404).upgraded(false).rejection(WsAuditSpans.Rejection.HTTP_VERSION);
    telemetry.handshake(d);
    assertThat(telemetry.isTracked(d.connectionKey())).isFalse();
    SpanData span = exporter.getFinishedSpanItems().get(0);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey(WsAuditSpans.HANDSHAKE_REJECTION)))
        .isEqualTo("http_version");
  }

  @Test
  void stateIsReleasedOnCloseAndBoundedWhenClosesAreMissed() {
    WebSocketTelemetry telemetry = telemetry(1_000);
    for (int i = 0; i < 100_000; i++) {
      HandshakeDecision d =
          upgraded(i % 60000 + 1).local(new InetSocketAddress("10.9.9.9", 8080 + i / 60000));
      telemetry.handshake(d);
      if (i % 2 == 0) {
        telemetry.connectionGone(d.connectionKey(), Cause.EOF);
      }
      if (i % 10_000 == 0) {
        exporter.reset();
      }
    }
    // Half were never closed (a missed hook): the registry keeps at most the configured number.
    assertThat(counters.connectionsForgotten()).isEqualTo(50_000 - 1_000);
    assertThat(
            telemetry.isTracked(
                upgraded(99_999 % 60000 + 1)
                    .local(new InetSocketAddress("10.9.9.9", 8080 + 99_999 / 60000))
                    .connectionKey()))
        .isTrue();
  }

  @Test
  void aHandshakeWithoutTraceparentStartsItsOwnTrace() {
    WebSocketTelemetry telemetry = telemetry(10);
    telemetry.handshake(upgraded(40002));
    SpanData handshake = exporter.getFinishedSpanItems().get(0);
    assertThat(handshake.getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void aHandshakeJoinsTheCallersTraceAndTheCloseStaysItsChild() {
    WebSocketTelemetry telemetry = telemetry(10);
    // sampled flag 00: the caller did not sample its span; the agent records its own anyway
    HandshakeDecision d =
        upgraded(
            40003,
            Map.of(
                "traceparent", List.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"),
                "tracestate", List.of("vendor=abc")));
    telemetry.handshake(d);
    telemetry.connectionGone(d.connectionKey(), Cause.EOF);

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(2);
    SpanData handshake = spans.get(0);
    assertThat(handshake.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(handshake.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(handshake.getParentSpanContext().isRemote()).isTrue();
    assertThat(handshake.getSpanContext().getTraceState().get("vendor")).isEqualTo("abc");
    SpanData close = spans.get(1);
    assertThat(close.getTraceId()).isEqualTo(handshake.getTraceId());
    assertThat(close.getParentSpanId()).isEqualTo(handshake.getSpanId());
    assertThat(close.getSpanContext().getTraceState().get("vendor")).isEqualTo("abc");
  }

  @Test
  void anInvalidTraceparentIsIgnored() {
    WebSocketTelemetry telemetry = telemetry(10);
    telemetry.handshake(
        upgraded(
            40004,
            Map.of(
                "traceparent",
                List.of("00-00000000000000000000000000000000-" + "00f067aa0ba902b7-01"))));
    telemetry.handshake(upgraded(40005, Map.of("traceparent", List.of("garbage"))));
    assertThat(exporter.getFinishedSpanItems())
        .hasSize(2)
        .allSatisfy(span -> assertThat(span.getParentSpanContext().isValid()).isFalse());
  }

  @Test
  void theCloseSpanCopiesTheHandshakesValues() {
    WebSocketTelemetry telemetry = telemetry(10);
    HandshakeDecision d = upgraded(40006);
    telemetry.handshake(d);
    telemetry.transportEnded(d.connectionKey(), Cause.EOF);
    telemetry.connectionGone(d.connectionKey(), Cause.UNKNOWN);
    SpanData handshake = exporter.getFinishedSpanItems().get(0);
    SpanData close = exporter.getFinishedSpanItems().get(1);
    for (String key : WsAuditSpans.COPIED_TO_CLOSE) {
      assertThat(close.getAttributes().get(AttributeKey.stringKey(key)))
          .as(key)
          .isNotNull()
          .isEqualTo(handshake.getAttributes().get(AttributeKey.stringKey(key)));
    }
    assertThat(close.getAttributes().get(AttributeKey.stringKey(WsAuditSpans.CONNECTION_ID)))
        .matches("[0-9a-f]{16}");
    assertThat(close.getAttributes().get(AttributeKey.stringKey(WsAuditSpans.CLOSE_CAUSE)))
        .isEqualTo(Cause.EOF);
    assertThat(close.getAttributes().get(AttributeKey.longKey(WsAuditSpans.CLOSE_CODE)))
        .isEqualTo(1006L);
  }

  @Test
  void atJvmStopServerClosesAndLeftoversGetShutdownCloseSpans() throws Exception {
    WebSocketTelemetry telemetry = telemetry(10);
    HandshakeDecision byServer = upgraded(40001);
    HandshakeDecision byPeer = upgraded(40002);
    HandshakeDecision leftOpen = upgraded(40003);
    telemetry.handshake(byServer);
    telemetry.handshake(byPeer);
    telemetry.handshake(leftOpen);

    telemetry.jvmStopping();
    telemetry.closeFrameSent(byServer.connectionKey(), 1000, "");
    telemetry.connectionGone(byServer.connectionKey(), Cause.EOF);
    telemetry.closeFrameReceived(byPeer.connectionKey(), 1000, "");
    telemetry.connectionGone(byPeer.connectionKey(), Cause.EOF);
    assertThat(telemetry.awaitNoneOpen(Duration.ofMillis(50))).isFalse();
    assertThat(telemetry.closeAllOpen()).isEqualTo(1);
    assertThat(telemetry.awaitNoneOpen(Duration.ZERO)).isTrue();
    assertThat(telemetry.closeAllOpen()).isZero();

    List<SpanData> closes =
        exporter.getFinishedSpanItems().stream()
            .filter(s -> s.getName().equals(WsAuditSpans.CLOSE_SPAN))
            .collect(java.util.stream.Collectors.toList());
    assertThat(closes)
        .extracting(s -> s.getAttributes().get(AttributeKey.stringKey(WsAuditSpans.CLOSE_CAUSE)))
        .containsExactly("shutdown", "client", "shutdown");
    assertThat(closes)
        .extracting(
            s -> s.getAttributes().get(AttributeKey.stringKey(WsAuditSpans.CLOSE_INITIATOR)))
        .containsExactly("server", "client", "server");
    assertThat(closes.get(2).getAttributes().get(AttributeKey.longKey(WsAuditSpans.CLOSE_CODE)))
        .isEqualTo(1006L);
  }

  private static Long idleReceived(SpanData close) {
    return close.getAttributes().get(AttributeKey.longKey(WsAuditSpans.IDLE_RECEIVED_MS));
  }

  private static Long idleSent(SpanData close) {
    return close.getAttributes().get(AttributeKey.longKey(WsAuditSpans.IDLE_SENT_MS));
  }

  private static Boolean pingSent(SpanData close) {
    return close.getAttributes().get(AttributeKey.booleanKey(WsAuditSpans.PING_SENT));
  }

  private SpanData lastClose() {
    List<SpanData> spans = exporter.getFinishedSpanItems();
    SpanData last = spans.get(spans.size() - 1);
    assertThat(last.getName()).isEqualTo(WsAuditSpans.CLOSE_SPAN);
    return last;
  }

  /**
   * A coarse frame stamp lags the frame by at most a tick, plus the ticker's scheduling delay on a
   * loaded machine: an idle time may exceed the quiet time measured around it by that much.
   */
  private static final long STAMP_LAG_MS = 200;

  /**
   * The least an idle time can be: from just after the frame to just before the close, in whole
   * milliseconds. Bounds come from readings around each call, not from the sleeps, which overrun on
   * a loaded machine.
   */
  private static long quietAtLeast(long frameEnded, long closeStarted) {
    return (closeStarted - frameEnded) / 1_000_000L - 1;
  }

  /** The most: from just before the frame to just after the close, plus a stamp's lag. */
  private static long quietAtMost(long frameStarted, long closeEnded) {
    return (closeEnded - frameStarted) / 1_000_000L + 1 + STAMP_LAG_MS;
  }

  @Test
  void theCloseSpanSaysHowLongEachDirectionWasQuiet() throws Exception {
    WebSocketTelemetry telemetry = telemetry(10);
    HandshakeDecision d = upgraded(40010);
    telemetry.handshake(d);
    FrameActivity frames = telemetry.frameActivity(d.connectionKey());
    assertThat(frames).isNotNull();

    long s0 = System.nanoTime();
    frames.sent();
    long s1 = System.nanoTime();
    Thread.sleep(300); // quiet time to measure, not synchronisation
    long r0 = System.nanoTime();
    frames.received();
    long r1 = System.nanoTime();
    Thread.sleep(100);
    long c0 = System.nanoTime();
    telemetry.connectionGone(d.connectionKey(), Cause.EOF);
    long c1 = System.nanoTime();

    SpanData close = lastClose();
    assertThat(idleReceived(close)).isBetween(quietAtLeast(r1, c0), quietAtMost(r0, c1));
    assertThat(idleSent(close)).isBetween(quietAtLeast(s1, c0), quietAtMost(s0, c1));
    assertThat(idleReceived(close)).as("each direction its own").isLessThan(idleSent(close));
    assertThat(quietAtLeast(r1, c0))
        .as("the sleeps made both quiet times")
        .isGreaterThanOrEqualTo(99);
    assertThat(quietAtLeast(s1, c0)).isGreaterThanOrEqualTo(399);
    assertThat(pingSent(close)).isFalse();
    assertThat(telemetry.frameActivity(d.connectionKey())).isNull();
  }

  @Test
  void withoutFramesIdleRunsFromThe101AndEndsAtTheFirstCloseFrame() throws Exception {
    WebSocketTelemetry telemetry = telemetry(10);
    HandshakeDecision d = upgraded(40011);
    long h0 = System.nanoTime();
    telemetry.handshake(d);
    long h1 = System.nanoTime();
    telemetry.frameActivity(d.connectionKey()).pingSent();

    Thread.sleep(200);
    long f0 = System.nanoTime();
    telemetry.closeFrameReceived(d.connectionKey(), 1000, "");
    long f1 = System.nanoTime();
    Thread.sleep(300); // the close handshake's own time is not idle time
    telemetry.connectionGone(d.connectionKey(), Cause.UNKNOWN);

    SpanData close = lastClose();
    assertThat(idleReceived(close)).isBetween(quietAtLeast(h1, f0), quietAtMost(h0, f1));
    assertThat(idleSent(close)).isBetween(quietAtLeast(h1, f0), quietAtMost(h0, f1));
    assertThat(quietAtLeast(h1, f0)).isGreaterThanOrEqualTo(199);
    assertThat(pingSent(close)).isTrue();
  }

  @Test
  void closeSpansTheAgentEmitsAtShutdownCarryTheIdleEvidence() throws Exception {
    WebSocketTelemetry telemetry = telemetry(10);
    HandshakeDecision d = upgraded(40012);
    long h0 = System.nanoTime();
    telemetry.handshake(d);
    telemetry.frameActivity(d.connectionKey()).received();
    long r1 = System.nanoTime();
    Thread.sleep(150);

    telemetry.jvmStopping();
    long c0 = System.nanoTime();
    assertThat(telemetry.closeAllOpen()).isEqualTo(1);
    long c1 = System.nanoTime();

    SpanData close = lastClose();
    assertThat(idleReceived(close)).isBetween(quietAtLeast(r1, c0), quietAtMost(h0, c1));
    assertThat(idleSent(close)).isBetween(quietAtLeast(r1, c0), quietAtMost(h0, c1));
    assertThat(quietAtLeast(r1, c0)).isGreaterThanOrEqualTo(149);
    assertThat(pingSent(close)).isFalse();
  }

  /**
   * The shutdown hook flushes the SDK once no connection is open: a close span must be ended before
   * its connection stops counting as open, or a server closing connections during the JVM's stop
   * (Jetty's own shutdown hook) loses it.
   */
  @Test
  void aConnectionCountsAsOpenUntilItsCloseSpanIsEnded() throws Exception {
    java.util.concurrent.atomic.AtomicReference<WebSocketTelemetry> ref =
        new java.util.concurrent.atomic.AtomicReference<>();
    List<Boolean> noneOpenAtEnd = new java.util.concurrent.CopyOnWriteArrayList<>();
    SpanProcessor probe =
        new EndedSpanProcessor() {
          @Override
          public void onEnd(ReadableSpan span) {
            if (span.getName().equals(WsAuditSpans.CLOSE_SPAN)) {
              try {
                noneOpenAtEnd.add(ref.get().awaitNoneOpen(Duration.ZERO));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        };
    try (SdkTracerProvider probed = SdkTracerProvider.builder().addSpanProcessor(probe).build()) {
      WebSocketTelemetry telemetry =
          TestTelemetry.of(probed.get(WsAuditSpans.SCOPE_NAME), List.of(), 10, counters);
      ref.set(telemetry);
      HandshakeDecision d = upgraded(40013);
      telemetry.handshake(d);

      telemetry.connectionGone(d.connectionKey(), Cause.EOF);
      telemetry.connectionGone(d.connectionKey(), Cause.EOF);

      assertThat(noneOpenAtEnd).containsExactly(false);
      assertThat(telemetry.awaitNoneOpen(Duration.ZERO)).isTrue();
    }
  }
}
