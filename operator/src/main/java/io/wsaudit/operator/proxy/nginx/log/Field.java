package io.wsaudit.operator.proxy.nginx.log;

import java.util.HashMap;
import java.util.Map;

/**
 * The nginx variables the parser reads, each with the signal it gives and how its value is shaped
 * in a line (nginx {@code src/http/modules/ngx_http_log_module.c}, {@code ngx_http_log_vars}, and
 * {@code src/http/ngx_http_upstream.c}, {@code ngx_http_upstream_addr_variable}). Every other
 * variable of a format is matched and ignored.
 */
enum Field {
  /** {@code 02/Dec/2026:05:00:00 +0000}: always 26 characters (it contains a space). */
  TIME_LOCAL("time_local", LogSignal.TIME, 26),
  /** {@code 2026-12-02T05:00:00+00:00}: always 25 characters. */
  TIME_ISO8601("time_iso8601", LogSignal.TIME, 25),
  MSEC("msec", LogSignal.TIME, 0),
  REMOTE_ADDR("remote_addr", null, 0),
  REQUEST("request", LogSignal.REQUEST, 0),
  REQUEST_METHOD("request_method", null, 0),
  REQUEST_URI("request_uri", LogSignal.REQUEST, 0),
  URI("uri", LogSignal.REQUEST, 0),
  SERVER_PROTOCOL("server_protocol", null, 0),
  HOST("host", LogSignal.HOST, 0),
  HTTP_HOST("http_host", LogSignal.HOST, 0),
  SERVER_NAME("server_name", LogSignal.HOST, 0),
  STATUS("status", LogSignal.STATUS, 0),
  REQUEST_TIME("request_time", LogSignal.DURATION, 0),
  PROXY_UPSTREAM_NAME("proxy_upstream_name", LogSignal.UPSTREAM_NAME, 0),
  /** {@code 10.0.0.5:8080, 10.0.0.6:8080 : 10.0.0.7:8080}: ", " next server, " : " redirect. */
  UPSTREAM_ADDR("upstream_addr", LogSignal.UPSTREAM_ADDR, 0),
  UPSTREAM_STATUS("upstream_status", null, 0),
  UPSTREAM_RESPONSE_TIME("upstream_response_time", null, 0),
  REQ_ID("req_id", LogSignal.REQUEST_ID, 0),
  REQUEST_ID("request_id", LogSignal.REQUEST_ID, 0),
  HTTP_UPGRADE("http_upgrade", LogSignal.UPGRADE, 0),
  HTTP_CONNECTION("http_connection", null, 0);

  private static final Map<String, Field> BY_NAME = new HashMap<>();

  static {
    for (Field f : values()) {
      BY_NAME.put(f.variable, f);
    }
  }

  final String variable;
  final LogSignal signal;

  /** The value's fixed length, or 0 when it ends at the next literal. */
  final int width;

  Field(String variable, LogSignal signal, int width) {
    this.variable = variable;
    this.signal = signal;
    this.width = width;
  }

  /** The field a variable gives, or null for one the parser ignores. */
  static Field of(String variable) {
    return BY_NAME.get(variable);
  }

  /**
   * Whether a variable's value is a list joined by ", " (the next server) and " : " (an internal
   * redirect), so contains spaces: nginx's per-upstream variables ({@code $upstream_addr}, {@code
   * $upstream_status}, {@code $upstream_response_length}, {@code $upstream_connect_time}…), not the
   * upstream's headers, cookies or trailers.
   */
  static boolean isList(String variable) {
    return variable.startsWith("upstream_")
        && !variable.startsWith("upstream_http_")
        && !variable.startsWith("upstream_cookie_")
        && !variable.startsWith("upstream_trailer_");
  }
}
