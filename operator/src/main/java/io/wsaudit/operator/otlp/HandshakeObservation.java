package io.wsaudit.operator.otlp;

import java.time.Instant;
import java.util.List;

/**
 * A decoded {@code websocket.handshake} span: one upgrade attempt and the server's decision.
 *
 * @param requestId the request's {@code X-Request-ID} ({@code http.request.header.x-request-id}):
 *     ingress-nginx's {@code $req_id}, which joins this span to the proxy's log line of the same
 *     connection; null when the agent did not record it
 */
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
    String requestId,
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
        requestId,
        t);
  }
}
