package io.wsaudit.operator.testing;

import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.operator.otlp.CloseObservation;
import io.wsaudit.operator.otlp.HandshakeObservation;
import io.wsaudit.operator.otlp.IdleEvidence;
import io.wsaudit.operator.otlp.ProxyObservation;
import io.wsaudit.operator.otlp.SpanSource;
import java.time.Instant;
import java.util.List;

/**
 * Decoded spans (and proxy log lines) for tests that skip OTLP: one connection {@code "c"} of pod
 * shop/chat-0, to chat.example.com/ws, with only what a test varies left to say.
 */
public final class Observations {

  public static final SpanSource CHAT_0 = new SpanSource("shop", "chat-0", null);

  /** The controller pod whose log lines the proxy observations come from. */
  public static final SpanSource CONTROLLER_0 =
      new SpanSource("ingress-nginx", "ingress-nginx-controller-0", null);

  private Observations() {}

  /**
   * What ingress-nginx's access log says of one connection to chat.example.com/ws through Service
   * shop/chat port 80 (pod 10.0.9.1:8080), written at {@code end}.
   */
  public static ProxyObservation proxy(
      String requestId, int status, Long lifetimeMs, Boolean upgradeRequested, Instant end) {
    return new ProxyObservation(
        end,
        "chat.example.com",
        "/ws",
        status,
        lifetimeMs,
        "shop-chat-80",
        "10.0.9.1:8080",
        requestId,
        upgradeRequested,
        false,
        CONTROLLER_0);
  }

  /** A handshake with {@code Connection: upgrade}, without an X-Request-ID. */
  public static HandshakeObservation handshake(
      String traceId,
      String version,
      String outcome,
      String rejection,
      Long statusCode,
      Boolean keepAlive,
      Instant time) {
    return handshake(traceId, version, outcome, rejection, statusCode, keepAlive, null, time);
  }

  /** An upgraded, kept-alive handshake that carried ingress-nginx's X-Request-ID. */
  public static HandshakeObservation upgraded(
      String traceId, String version, String requestId, Instant time) {
    return handshake(
        traceId, version, WsAuditSpans.Outcome.UPGRADED, null, 101L, true, requestId, time);
  }

  private static HandshakeObservation handshake(
      String traceId,
      String version,
      String outcome,
      String rejection,
      Long statusCode,
      Boolean keepAlive,
      String requestId,
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
        requestId,
        null,
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
