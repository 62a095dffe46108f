package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.contract.WsAuditSpans.Outcome;
import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import io.wsaudit.testkit.otlp.Spans;
import java.time.Duration;
import org.assertj.core.api.MapAssert;
import org.awaitility.Awaitility;

/**
 * What the ITs check of the agent's spans, written once: a handshake's outcome, a close's code and
 * cause, and finding either in a collector. Those returning {@link MapAssert} leave the span's
 * attributes open for what a scenario checks besides.
 */
final class SpanAsserts {

  private SpanAsserts() {}

  /** An accepted handshake over HTTP {@code version}: 101, upgraded. */
  static MapAssert<String, Object> assertUpgraded(ReceivedSpan hs, String version) {
    return assertThat(hs.attributes)
        .containsEntry(WsAuditSpans.NETWORK_PROTOCOL_VERSION, version)
        .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 101L)
        .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.UPGRADED);
  }

  /** A refused handshake: rejected, why, and the status the server answered; an ERROR span. */
  static MapAssert<String, Object> assertRejected(ReceivedSpan hs, long status, String rejection) {
    assertThat(hs.span.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
    return assertThat(hs.attributes)
        .containsEntry(WsAuditSpans.HANDSHAKE_OUTCOME, Outcome.REJECTED)
        .containsEntry(WsAuditSpans.HANDSHAKE_REJECTION, rejection)
        .containsEntry(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, status);
  }

  /**
   * What every close span says of its connection; {@code reason} null: none, {@code cause} null:
   * the caller checks it.
   */
  static void assertClose(
      ReceivedSpan close,
      ReceivedSpan hs,
      long code,
      String reason,
      String initiator,
      String cause) {
    assertThat(close.span.getKind()).isEqualTo(SpanKind.SPAN_KIND_INTERNAL);
    assertThat(close.traceId()).isEqualTo(hs.traceId());
    assertThat(close.parentSpanId()).isEqualTo(hs.spanId());
    assertThat(close.attributes)
        .containsEntry(WsAuditSpans.CLOSE_CODE, code)
        .containsEntry(WsAuditSpans.CLOSE_INITIATOR, initiator)
        .containsEntry(WsAuditSpans.CONNECTION_ID, hs.attr(WsAuditSpans.CONNECTION_ID))
        .containsEntry(WsAuditSpans.URL_PATH, hs.attr(WsAuditSpans.URL_PATH))
        .containsEntry(
            WsAuditSpans.NETWORK_PROTOCOL_VERSION, hs.attr(WsAuditSpans.NETWORK_PROTOCOL_VERSION))
        .containsEntry(WsAuditSpans.NETWORK_PEER_ADDRESS, "127.0.0.1")
        .containsEntry(WsAuditSpans.SERVER_ADDRESS, "127.0.0.1")
        .containsEntry(WsAuditSpans.SERVER, hs.attr(WsAuditSpans.SERVER))
        .containsKeys(WsAuditSpans.CONNECTION_DURATION_MS, WsAuditSpans.CLOSE_EARLY);
    assertThat((Long) close.attr(WsAuditSpans.CONNECTION_DURATION_MS)).isNotNegative();
    if (cause != null) {
      assertThat(close.attributes).containsEntry(WsAuditSpans.CLOSE_CAUSE, cause);
    }
    if (reason == null) {
      assertThat(close.attributes).doesNotContainKey(WsAuditSpans.CLOSE_REASON);
    } else {
      assertThat(close.attributes).containsEntry(WsAuditSpans.CLOSE_REASON, reason);
    }
  }

  /** The close span's code, who started the close and why. */
  static MapAssert<String, Object> assertCloseSays(
      ReceivedSpan close, long code, String initiator, String cause) {
    return assertCloseSays(close, code, initiator).containsEntry(WsAuditSpans.CLOSE_CAUSE, cause);
  }

  /** The close span's code and who started the close. */
  static MapAssert<String, Object> assertCloseSays(
      ReceivedSpan close, long code, String initiator) {
    return assertThat(close.attributes)
        .containsEntry(WsAuditSpans.CLOSE_CODE, code)
        .containsEntry(WsAuditSpans.CLOSE_INITIATOR, initiator);
  }

  /** A rejected handshake has no connection: no close span may follow it. */
  static void assertNoCloseSpan(OtlpCollector collector, ReceivedSpan handshake) {
    Awaitility.await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(3))
        .until(() -> collector.spans(Spans.closeOf(handshake)).isEmpty());
  }

  /** The handshake span of the connection that sent {@code X-Request-ID: rid}. */
  static ReceivedSpan handshakeWithRid(OtlpCollector collector, String rid) {
    return collector.awaitOne(Spans.handshakeWithRequestId(rid));
  }

  /** The handshake span of the connection whose client said {@code User-Agent: userAgent}. */
  static ReceivedSpan handshakeFrom(OtlpCollector collector, String userAgent) {
    return collector.awaitOne(
        s ->
            s.name().equals(WsAuditSpans.HANDSHAKE_SPAN)
                && userAgent.equals(s.attr(WsAuditSpans.USER_AGENT_ORIGINAL)));
  }

  /** The close span of the handshake's connection. */
  static ReceivedSpan closeOf(OtlpCollector collector, ReceivedSpan handshake) {
    assertThat(handshake.attr(WsAuditSpans.CONNECTION_ID)).isNotNull();
    return collector.awaitOne(Spans.closeOf(handshake));
  }

  /** The span attribute a captured request header goes to. */
  static String header(String name) {
    return WsAuditSpans.REQUEST_HEADER_PREFIX + name;
  }
}
