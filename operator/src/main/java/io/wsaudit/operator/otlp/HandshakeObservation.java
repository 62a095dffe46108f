package io.wsaudit.operator.otlp;

import java.time.Instant;
import java.util.List;

/**
 * A decoded {@code websocket.handshake} span: one upgrade attempt and the server's decision.
 *
 * @param requestId the request's {@code X-Request-ID} ({@code http.request.header.x-request-id}):
 *     ingress-nginx's {@code $req_id}, which joins this span to the proxy's log line of the same
 *     connection; null when the agent did not record it
 * @param parentSpanId hex id of the span the upgrade request named in its {@code traceparent}
 *     (nginx's own span, when ingress-nginx's OpenTelemetry module propagates it), or null
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
    String parentSpanId,
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
        parentSpanId,
        t);
  }

  /** {@code traceId/parentSpanId}, or null: joins this handshake to nginx's span of the request. */
  public String parentKey() {
    return traceId == null || parentSpanId == null ? null : traceId + "/" + parentSpanId;
  }
}
