package io.wsaudit.operator.otlp;

import java.time.Instant;

/**
 * What one piece of evidence says about one WebSocket connection, decoded and immutable: a wsaudit
 * span (handshake, close) or a line of the proxy's own log ({@link ProxyObservation}).
 */
public sealed interface Observation
    permits HandshakeObservation, CloseObservation, ProxyObservation {

  /**
   * Hex trace ID; a close span shares it with its handshake span (it is the handshake's child).
   * Null for a proxy log line.
   */
  String traceId();

  /** {@code websocket.connection.id}; may be null for spans from an older agent. */
  String connectionId();

  SpanSource source();

  /** {@code server.address} (the Host header without port), used to pick the Ingress rule. */
  String serverAddress();

  /** {@code url.path}, without query. */
  String path();

  /** {@code network.protocol.version}: "1.0" or "1.1". */
  String protocolVersion();

  /** When the span ended (as the sender says, until {@link OtlpIngest} clamps it). */
  Instant time();

  /** The same observation at another time. */
  Observation withTime(Instant time);
}
