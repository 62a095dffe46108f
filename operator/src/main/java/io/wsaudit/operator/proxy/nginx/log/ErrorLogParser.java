package io.wsaudit.operator.proxy.nginx.log;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Reads nginx error-log lines: {@code 2026/12/02 05:00:00 [error] 31#31: *123 upstream timed out
 * (110: Connection timed out) while proxying upgraded connection, client: 10.0.0.1, server:
 * echo.example, request: "GET /ws HTTP/1.1", upstream: "http://10.0.0.5:8080/ws", host:
 * "echo.example"}. The head is {@code ngx_log_error_core} ({@code src/core/ngx_log.c}): local time,
 * level, pid#tid, the connection number; the tail is {@code ngx_http_log_error} and {@code
 * ngx_http_log_error_handler} ({@code src/http/ngx_http_request.c}): {@code client}, {@code
 * server}, {@code request}, {@code subrequest}, {@code upstream}, {@code host}, {@code referrer},
 * in that order, each only when known, the last four quoted and not escaped.
 */
public final class ErrorLogParser {

  private static final String[] KEYS = {
    "client", "server", "request", "subrequest", "upstream", "host", "referrer"
  };

  /** "yyyy/MM/dd HH:mm:ss [" */
  private static final int HEAD = 21;

  private ErrorLogParser() {}

  /**
   * One error-log line, its time read in {@code zone} (nginx writes its local time; a container's
   * is usually UTC). Empty when the line is not an nginx error-log line.
   */
  public static Optional<ErrorLogEntry> parse(String line, ZoneId zone) {
    if (line == null || line.length() < HEAD + 4 || line.length() > AccessLogFormat.MAX_LINE) {
      return Optional.empty();
    }
    int len = line.length();
    while (len > 0 && (line.charAt(len - 1) == '\n' || line.charAt(len - 1) == '\r')) {
      len--;
    }
    String s = line.substring(0, len);
    if (s.charAt(4) != '/'
        || s.charAt(7) != '/'
        || s.charAt(10) != ' '
        || s.charAt(13) != ':'
        || s.charAt(16) != ':'
        || s.charAt(19) != ' '
        || s.charAt(20) != '[') {
      return Optional.empty();
    }
    LocalDateTime local;
    try {
      local =
          LocalDateTime.of(
              LoggedTime.digits(s, 0, 4),
              LoggedTime.digits(s, 5, 2),
              LoggedTime.digits(s, 8, 2),
              LoggedTime.digits(s, 11, 2),
              LoggedTime.digits(s, 14, 2),
              LoggedTime.digits(s, 17, 2));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
    int close = s.indexOf("] ", HEAD);
    if (close < 0) {
      return Optional.empty();
    }
    String level = s.substring(HEAD, close);
    int pos = close + 2;
    int colon = s.indexOf(": ", pos);
    if (colon < 0 || s.indexOf('#', pos) < 0 || s.indexOf('#', pos) > colon) {
      return Optional.empty();
    }
    pos = colon + 2;
    Long connection = null;
    if (pos < len && s.charAt(pos) == '*') {
      int space = s.indexOf(' ', pos);
      long n = space < 0 ? LoggedNumber.BAD : LoggedNumber.integer(s, pos + 1, space);
      if (n >= 0) {
        connection = n;
        pos = space + 1;
      }
    }
    int context = s.indexOf(", client: ", pos);
    String message = s.substring(pos, context < 0 ? len : context);
    String[] values = new String[KEYS.length];
    if (context >= 0) {
      readContext(s, context, values);
    }
    return Optional.of(
        new ErrorLogEntry(
            local.atZone(zone).toInstant(),
            level,
            connection,
            message,
            values[0],
            values[1],
            values[2],
            values[4],
            values[5]));
  }

  /** The context fields from {@code pos} (", client: …"), each ending where a later key starts. */
  private static void readContext(String s, int pos, String[] values) {
    for (int k = 0; k < KEYS.length && pos < s.length(); k++) {
      String prefix = ", " + KEYS[k] + ": ";
      if (!s.startsWith(prefix, pos)) {
        continue;
      }
      int start = pos + prefix.length();
      boolean quoted = k >= 2 && start < s.length() && s.charAt(start) == '"';
      int end = nextKey(s, start, k, quoted);
      values[k] = s.substring(quoted ? start + 1 : start, end);
      pos = quoted && end < s.length() ? end + 1 : end;
    }
  }

  /** Where the value of key {@code k} ends: at the earliest later key, or the line's end. */
  private static int nextKey(String s, int start, int k, boolean quoted) {
    int end = -1;
    for (int later = k + 1; later < KEYS.length; later++) {
      int at = s.indexOf((quoted ? "\", " : ", ") + KEYS[later] + ": ", start);
      if (at >= 0 && (end < 0 || at < end)) {
        end = at;
      }
    }
    if (end >= 0) {
      return end;
    }
    // the last field: its closing quote ends the line (unless nginx cut a long line short)
    return quoted && s.endsWith("\"") && s.length() > start + 1 ? s.length() - 1 : s.length();
  }
}
