package io.wsaudit.operator.otlp;

import java.time.Instant;

/** A decoded {@code websocket.close} span: how and when one upgraded connection ended. */
public record CloseObservation(
    String traceId,
    String connectionId,
    SpanSource source,
    String serverAddress,
    String path,
    String protocolVersion,
    Long closeCode,
    String initiator,
    String cause,
    Long durationMs,
    Boolean early,
    IdleEvidence idle,
    Instant time)
    implements Observation {

  public CloseObservation {
    idle = idle == null ? IdleEvidence.NONE : idle;
  }

  @Override
  public CloseObservation withTime(Instant t) {
    return new CloseObservation(
        traceId,
        connectionId,
        source,
        serverAddress,
        path,
        protocolVersion,
        closeCode,
        initiator,
        cause,
        durationMs,
        early,
        idle,
        t);
  }
}
