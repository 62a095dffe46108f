package io.wsaudit.operator.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.wsaudit.contract.WsAuditSpans;
import org.junit.jupiter.api.Test;

/** The close span's idle keys: decoded when plausible, dropped and counted when a clock jumped. */
class IdleEvidenceDecodeTest {

  @Test
  void plausibleIdleTimesAreKept() {
    SpanDecoder.Result r = decode(close(61_000L, 60_200L, 60_300L, true));
    CloseObservation c = (CloseObservation) r.observations().get(0);
    assertThat(c.idle()).isEqualTo(new IdleEvidence(60_200L, 60_300L, true));
    assertThat(c.idle().quietMs()).isEqualTo(60_200L);
    assertThat(r.idleDropped()).isZero();
  }

  @Test
  void anOlderAgentSendsNone() {
    SpanDecoder.Result r = decode(close(61_000L, null, null, null));
    assertThat(((CloseObservation) r.observations().get(0)).idle()).isEqualTo(IdleEvidence.NONE);
    assertThat(IdleEvidence.NONE.known()).isFalse();
  }

  @Test
  void negativeAbsurdOrLongerThanTheConnectionAreDroppedAndCounted() {
    SpanDecoder.Result r =
        decode(
            close(61_000L, -5L, 90_000L, false),
            close(null, Long.MAX_VALUE / 2, 10L, false),
            close(61_000L, 61_900L, 0L, false));
    assertThat(r.observations())
        .map(o -> ((CloseObservation) o).idle())
        .containsExactly(
            new IdleEvidence(null, null, false),
            new IdleEvidence(null, 10L, false),
            new IdleEvidence(61_900L, 0L, false));
    assertThat(r.idleDropped()).isEqualTo(3);
  }

  private static SpanDecoder.Result decode(Span... spans) {
    ScopeSpans.Builder scope =
        ScopeSpans.newBuilder()
            .setScope(InstrumentationScope.newBuilder().setName(WsAuditSpans.SCOPE_NAME));
    for (Span s : spans) {
      scope.addSpans(s);
    }
    return new SpanDecoder()
        .decode(
            ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope))
                .build());
  }

  private static Span close(Long durationMs, Long receivedMs, Long sentMs, Boolean ping) {
    Span.Builder s =
        Span.newBuilder()
            .setName(WsAuditSpans.CLOSE_SPAN)
            .setTraceId(ByteString.copyFrom(new byte[16]))
            .setEndTimeUnixNano(1_000_000_000L)
            .addAttributes(kv(WsAuditSpans.CONNECTION_ID, str("c")))
            .addAttributes(kv(WsAuditSpans.CLOSE_CODE, num(1006L)));
    if (durationMs != null) {
      s.addAttributes(kv(WsAuditSpans.CONNECTION_DURATION_MS, num(durationMs)));
    }
    if (receivedMs != null) {
      s.addAttributes(kv(WsAuditSpans.IDLE_RECEIVED_MS, num(receivedMs)));
    }
    if (sentMs != null) {
      s.addAttributes(kv(WsAuditSpans.IDLE_SENT_MS, num(sentMs)));
    }
    if (ping != null) {
      s.addAttributes(kv(WsAuditSpans.PING_SENT, AnyValue.newBuilder().setBoolValue(ping).build()));
    }
    return s.build();
  }

  private static KeyValue kv(String k, AnyValue v) {
    return KeyValue.newBuilder().setKey(k).setValue(v).build();
  }

  private static AnyValue str(String v) {
    return AnyValue.newBuilder().setStringValue(v).build();
  }

  private static AnyValue num(long v) {
    return AnyValue.newBuilder().setIntValue(v).build();
  }
}
