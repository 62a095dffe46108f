package io.wsaudit.operator.otlp;

import java.time.Instant;
import java.util.List;

/** A decoded {@code websocket.handshake} span: one upgrade attempt and the server's decision. */
public record HandshakeObservation(
    String traceId,
    String connectionId,
    SpanSource source,
    String serverAddress,
    String path,
    String protocolVersion,
    String outcome,
    String rejection,
    Long statusCode,
    Boolean keepAlive,
    List<String> connectionHeader,
    Instant time)
    implements Observation {

  public HandshakeObservation {
    connectionHeader = connectionHeader == null ? List.of() : List.copyOf(connectionHeader);
  }

  @Override
  public HandshakeObservation withTime(Instant t) {
    return new HandshakeObservation(
        traceId,
        connectionId,
        source,
        serverAddress,
        path,
        protocolVersion,
        outcome,
        rejection,
        statusCode,
        keepAlive,
        connectionHeader,
        t);
  }
}
