package io.wsaudit.operator.proxy.nginx.log;

import java.time.Instant;

/**
 * One nginx error-log line ({@code 2026/12/02 05:00:00 [error] 31#31: *123 message, client: …,
 * server: …, request: "GET /ws HTTP/1.1", upstream: "http://10.0.0.5:8080/ws", host: "…"}), parsed.
 * The trailing context fields are null when the line has none.
 *
 * @param time when nginx wrote it (the error log's local time, read as UTC unless told otherwise)
 * @param level "error", "warn", "info"…
 * @param connection nginx's connection number ({@code *123}), or null
 * @param message the text before the context fields
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

  /**
   * nginx's idle timer on an upgraded connection fired ({@code upstream timed out (110: Connection
   * timed out) while proxying upgraded connection}): {@code proxy_read_timeout} or {@code
   * proxy_send_timeout} cut it.
   */
  public boolean upgradedTimedOut() {
    return message != null
        && message.contains("timed out")
        && message.contains("while proxying upgraded connection");
  }
}
