package io.wsaudit.operator.proxy.nginx.log;

import java.time.Instant;

/**
 * One nginx error-log line ({@code 2026/12/02 05:00:00 [error] 31#31: *123 message, client: …,
 * server: …, request: "GET /ws HTTP/1.1", upstream: "http://10.0.0.5:8080/ws", host: "…"}), parsed.
 * The trailing context fields are null when the line has none. Read by {@link ErrorLogParser}.
 *
 * <p>What an upgraded connection's end leaves (nginx {@code src/http/ngx_http_upstream.c}, {@code
 * ngx_http_upstream_process_upgraded}): a timer ({@link #upstreamTimedOut()}, {@link
 * #clientTimedOut()}); a peer's reset ({@code recv() failed (104: Connection reset by peer)},
 * {@code error} when the backend reset, {@code info} when the client did); a clean close by either
 * side leaves nothing.
 *
 * @param time when nginx wrote it (the error log's local time, read as UTC unless told otherwise)
 * @param level "error", "warn", "info"…
 * @param connection nginx's connection number ({@code *123}), or null
 * @param message the text before the context fields, with nginx's {@code while …} action
 * @param client {@code client:} the peer address
 * @param server {@code server:} the server name
 * @param request {@code request:} the request line
 * @param upstream {@code upstream:} the upstream URL
 * @param host {@code host:} the Host header
 */
public record ErrorLogEntry(
    Instant time,
    String level,
    Long connection,
    String message,
    String client,
    String server,
    String request,
    String upstream,
    String host) {

  /** The action nginx names while it relays an upgraded connection ({@code c->log->action}). */
  public static final String UPGRADED_ACTION = "while proxying upgraded connection";

  /**
   * The line is about an upgraded (WebSocket) connection: nginx sets this action in {@code
   * ngx_http_upstream_upgrade} once the 101 has been relayed (nginx {@code
   * src/http/ngx_http_upstream.c}).
   */
  public boolean upgraded() {
    return message != null && message.contains(UPGRADED_ACTION);
  }

  /**
   * nginx's idle timer on an upgraded connection fired: {@link #upstreamTimedOut()} or {@link
   * #clientTimedOut()}.
   */
  public boolean upgradedTimedOut() {
    return upstreamTimedOut() || clientTimedOut();
  }

  /**
   * {@code upstream timed out (110: Connection timed out) while proxying upgraded connection}:
   * {@code ngx_http_upstream_process_upgraded} found the backend side's read timer ({@code
   * proxy_read_timeout}) or write timer ({@code proxy_send_timeout}) expired; the same text for
   * both. The read timer is re-armed whenever bytes move in either direction (nginx re-adds it on
   * every pass, lazily within 300 ms), so it fires after {@code proxy_read_timeout} of silence both
   * ways: the idle cut (a client that sends to a silent backend keeps the tunnel open; seen on
   * nginx 1.22.1). The write timer runs only while a write to the backend is blocked. The 101 has
   * been sent, so the access line still says 101, its {@code $request_time} about the timeout after
   * the last byte.
   *
   * <p>nginx logs it at {@code info}, not {@code error} ({@code ngx_connection_error} on the client
   * connection, whose {@code log_error} is {@code NGX_ERROR_INFO}; seen so on nginx 1.22.1):
   * ingress-nginx's default {@code error-log-level: notice} drops it.
   */
  public boolean upstreamTimedOut() {
    return upgraded() && message.startsWith("upstream timed out");
  }

  /**
   * {@code client timed out (110: Connection timed out) while proxying upgraded connection}: a
   * write to the client stayed blocked for {@code send_timeout} (a client gone without a FIN, or
   * one that stopped reading). nginx sets no read timer on the client side of a tunnel: a quiet
   * client alone never times out. Also logged at {@code info}.
   */
  public boolean clientTimedOut() {
    return upgraded() && message.startsWith("client timed out");
  }
}
