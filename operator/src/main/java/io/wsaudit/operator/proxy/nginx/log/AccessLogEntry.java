package io.wsaudit.operator.proxy.nginx.log;

import java.time.Instant;
import java.util.List;

/**
 * One nginx access-log line, parsed by an {@link LogSignal}-aware format: each field is what the
 * line's format names, and null when the format names no variable that gives it ({@link
 * AccessLogFormat#missing()} says which). nginx writes the line for a proxied WebSocket once, when
 * the tunnel closes, so {@code requestTimeMs} is the connection's whole lifetime.
 *
 * @param time when nginx wrote the line ({@code $time_local}, {@code $time_iso8601} or {@code
 *     $msec}): the end of the request, for a WebSocket the end of the tunnel
 * @param remoteAddr {@code $remote_addr}
 * @param method from {@code $request} or {@code $request_method}
 * @param path the path without query, from {@code $request}, {@code $request_uri} or {@code $uri}
 * @param clientProtocol the client's protocol, "HTTP/1.1" ({@code $request} or {@code
 *     $server_protocol}); not what nginx spoke upstream
 * @param host {@code $host}, {@code $http_host} (port stripped) or {@code $server_name}
 * @param status {@code $status}: 101 for an upgraded connection
 * @param requestTimeMs {@code $request_time} in milliseconds
 * @param upstreamName {@code $proxy_upstream_name} (ingress-nginx: {@code namespace-service-port});
 *     null also for nginx's "-"
 * @param upstreamAddrs {@code $upstream_addr}, one entry per upstream tried ({@code ip:port});
 *     empty for "-"
 * @param upstreamStatus {@code $upstream_status} of the last upstream tried, or null
 * @param upstreamResponseTimeMs {@code $upstream_response_time} of the last upstream, in ms
 * @param requestId {@code $req_id} or {@code $request_id}: ingress-nginx sends it upstream as
 *     {@code X-Request-ID}
 * @param upgrade {@code $http_upgrade}: "" when the request had no Upgrade header, null when the
 *     format does not log it
 * @param connection {@code $http_connection}, the client's Connection header, likewise
 */
public record AccessLogEntry(
    Instant time,
    String remoteAddr,
    String method,
    String path,
    String clientProtocol,
    String host,
    Integer status,
    Long requestTimeMs,
    String upstreamName,
    List<String> upstreamAddrs,
    Integer upstreamStatus,
    Long upstreamResponseTimeMs,
    String requestId,
    String upgrade,
    String connection) {

  public AccessLogEntry {
    upstreamAddrs = upstreamAddrs == null ? List.of() : List.copyOf(upstreamAddrs);
  }

  /** nginx switched protocols: an upgraded connection that has now ended. */
  public boolean upgraded() {
    return status != null && status == 101;
  }

  /**
   * The client asked for a WebSocket: true or false when the format logs {@code $http_upgrade},
   * null when it does not (then only a 101 tells an upgrade apart from a plain request).
   */
  public Boolean upgradeRequested() {
    return upgrade == null ? null : "websocket".equalsIgnoreCase(upgrade.trim());
  }

  /** The last upstream tried ({@code ip:port}), or null. */
  public String lastUpstream() {
    return upstreamAddrs.isEmpty() ? null : upstreamAddrs.get(upstreamAddrs.size() - 1);
  }
}
