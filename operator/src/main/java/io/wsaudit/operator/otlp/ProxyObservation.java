package io.wsaudit.operator.otlp;

import java.time.Instant;

/**
 * What the proxy itself says about one WebSocket connection: one ingress-nginx access-log line
 * (written once, when the tunnel closed) and, when its error log said so, that nginx's idle timer
 * cut it; or the span nginx's OpenTelemetry module ended at the same moment. Whatever language the
 * backend is written in, this is seen; what the server itself decided (keep-alive, who closed, idle
 * time per direction) is not.
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
 * @param traceId hex trace id of nginx's span, or null (an access line carries none)
 * @param spanId hex id of nginx's span, the parent of the agent's handshake span when nginx
 *     propagated its context upstream; or null
 * @param origin which of the proxy's outputs said it
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
    SpanSource source,
    String traceId,
    String spanId,
    Origin origin)
    implements Observation {

  /** Which of the proxy's outputs an observation came from. */
  public enum Origin {
    /** A line of the controller's access log (with its error line joined). */
    ACCESS_LOG,
    /** A span of scope {@code nginx} from opentelemetry-cpp-contrib's {@code otel_ngx_module}. */
    NGINX_SPAN
  }

  /** What the access log says: no trace. */
  public ProxyObservation(
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
      SpanSource source) {
    this(
        time,
        host,
        path,
        status,
        lifetimeMs,
        upstreamName,
        upstreamAddr,
        requestId,
        upgradeRequested,
        timedOut,
        source,
        null,
        null,
        Origin.ACCESS_LOG);
  }

  public boolean fromSpan() {
    return origin == Origin.NGINX_SPAN;
  }

  /**
   * What to keep when the proxy's log and its span both describe this connection: the log line wins
   * (it names the upstream, the request id, and its error line tells an idle cut; the span tells
   * none of these), keeping the span's ids so the agent's handshake still finds it; else the newer
   * one (an access line again, now known to be timed out), keeping any ids the older had.
   */
  public static ProxyObservation merge(ProxyObservation held, ProxyObservation incoming) {
    if (held == null) {
      return incoming;
    }
    ProxyObservation kept = incoming.fromSpan() && !held.fromSpan() ? held : incoming;
    ProxyObservation other = kept == held ? incoming : held;
    return kept.spanId != null || other.spanId == null
        ? kept
        : kept.withSpan(other.traceId, other.spanId);
  }

  /**
   * {@code traceId/spanId} of nginx's span, or null: what the agent's handshake names as parent.
   */
  public String spanKey() {
    return traceId == null || spanId == null ? null : traceId + "/" + spanId;
  }

  @Override
  public String connectionId() {
    return null;
  }

  @Override
  public String serverAddress() {
    return host;
  }

  /**
   * The access log and nginx's span say what the client spoke, not what nginx spoke upstream:
   * unknown.
   */
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

  private ProxyObservation withSpan(String trace, String span) {
    return copy(time, timedOut, trace, span);
  }

  private ProxyObservation copy(Instant t, boolean cut) {
    return copy(t, cut, traceId, spanId);
  }

  private ProxyObservation copy(Instant t, boolean cut, String trace, String span) {
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
        source,
        trace,
        span,
        origin);
  }
}
