package io.wsaudit.operator.otlp;

import java.time.Instant;

/**
 * What the proxy's own log says about one WebSocket connection: one ingress-nginx access-log line
 * (written once, when the tunnel closed) and, when its error log said so, that nginx's idle timer
 * cut it. Whatever language the backend is written in, this is seen; what the server itself decided
 * (keep-alive, who closed, idle time per direction) is not.
 *
 * @param time when nginx wrote the line: the end of the connection
 * @param host the request's host
 * @param path the request path, without query
 * @param status {@code $status}: 101 for an upgraded connection
 * @param lifetimeMs {@code $request_time}: for a 101, the connection's whole lifetime; null when
 *     the format does not log it
 * @param upstreamName {@code $proxy_upstream_name}, {@code namespace-service-port}, or null
 * @param upstreamAddr the last upstream tried ({@code ip:port}), or null
 * @param requestId {@code $req_id}, sent upstream as {@code X-Request-ID}, or null
 * @param upgradeRequested the client sent {@code Upgrade: websocket}; null when the format does not
 *     log {@code $http_upgrade}
 * @param timedOut the error log says {@code upstream timed out … while proxying upgraded
 *     connection} for this connection
 * @param source the controller pod that wrote the line (namespace and name)
 */
public record ProxyObservation(
    Instant time,
    String host,
    String path,
    Integer status,
    Long lifetimeMs,
    String upstreamName,
    String upstreamAddr,
    String requestId,
    Boolean upgradeRequested,
    boolean timedOut,
    SpanSource source)
    implements Observation {

  /** A proxy line carries no trace. */
  @Override
  public String traceId() {
    return null;
  }

  @Override
  public String connectionId() {
    return null;
  }

  @Override
  public String serverAddress() {
    return host;
  }

  /** The access log says what the client spoke, not what nginx spoke upstream: unknown. */
  @Override
  public String protocolVersion() {
    return null;
  }

  public boolean upgraded() {
    return status != null && status == 101;
  }

  /** The upstream's IP, without the port; null when none was tried. */
  public String upstreamIp() {
    if (upstreamAddr == null) {
      return null;
    }
    int colon = upstreamAddr.lastIndexOf(':');
    String ip = colon > 0 ? upstreamAddr.substring(0, colon) : upstreamAddr;
    // IPv6 upstreams are logged as [addr]:port.
    return ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
  }

  /** The same connection, now known to have been cut by nginx's idle timer. */
  public ProxyObservation withTimedOut() {
    return copy(time, true);
  }

  @Override
  public ProxyObservation withTime(Instant t) {
    return copy(t, timedOut);
  }

  private ProxyObservation copy(Instant t, boolean cut) {
    return new ProxyObservation(
        t,
        host,
        path,
        status,
        lifetimeMs,
        upstreamName,
        upstreamAddr,
        requestId,
        upgradeRequested,
        cut,
        source);
  }
}
