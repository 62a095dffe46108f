package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import org.junit.jupiter.api.Test;

class HexTest {

  @Test
  void readsBackWhatTheApiWrites() {
    String traceId = TraceId.fromLongs(0x0af7651916cd43ddL, 0x8448eb211c80319cL);
    assertThat(Hex.toLong(traceId, 0)).isEqualTo(0x0af7651916cd43ddL);
    assertThat(Hex.toLong(traceId, 16)).isEqualTo(0x8448eb211c80319cL);
    assertThat(Hex.toLong(SpanId.fromLong(-1L), 0)).isEqualTo(-1L);
    assertThat(Hex.toLong("00F067AA0BA902B7", 0)).isEqualTo(0x00f067aa0ba902b7L);
  }
}
