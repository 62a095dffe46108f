package io.wsaudit.operator.testing;

import io.wsaudit.operator.otlp.CloseObservation;
import io.wsaudit.operator.otlp.HandshakeObservation;
import io.wsaudit.operator.otlp.IdleEvidence;
import io.wsaudit.operator.otlp.SpanSource;
import java.time.Instant;
import java.util.List;

/**
 * Decoded spans for tests that skip OTLP: one connection {@code "c"} of pod shop/chat-0, to
 * chat.example.com/ws, with only what a test varies left to say.
 */
public final class Observations {

  public static final SpanSource CHAT_0 = new SpanSource("shop", "chat-0", null);

  private Observations() {}

  /** A handshake with {@code Connection: upgrade}. */
  public static HandshakeObservation handshake(
      String traceId,
      String version,
      String outcome,
      String rejection,
      Long statusCode,
      Boolean keepAlive,
      Instant time) {
    return new HandshakeObservation(
        traceId,
        "c",
        CHAT_0,
        "chat.example.com",
        "/ws",
        version,
        outcome,
        rejection,
        statusCode,
        keepAlive,
        List.of("upgrade"),
        time);
  }

  public static CloseObservation close(
      String traceId,
      String version,
      Long closeCode,
      String initiator,
      String cause,
      Long durationMs,
      Boolean early,
      IdleEvidence idle,
      Instant time) {
    return new CloseObservation(
        traceId,
        "c",
        CHAT_0,
        "chat.example.com",
        "/ws",
        version,
        closeCode,
        initiator,
        cause,
        durationMs,
        early,
        idle,
        time);
  }
}
