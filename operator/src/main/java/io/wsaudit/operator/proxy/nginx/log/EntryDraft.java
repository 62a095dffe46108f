package io.wsaudit.operator.proxy.nginx.log;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fields of one line as the matcher finds them, then the {@link AccessLogEntry}. When a format
 * names several variables for one field the most telling wins: {@code $msec} over the other times,
 * {@code $request} over {@code $request_uri} over {@code $uri}, {@code $host} over {@code
 * $http_host} over {@code $server_name}, {@code $req_id} over {@code $request_id}. "-" (nginx's "no
 * value" in {@code escape=default}) and "" (the same in {@code json} and {@code none}) are absent.
 */
final class EntryDraft {

  private final String line;
  private final AccessLogFormat.Escape escape;

  private long timeMs = LoggedTime.BAD;
  private int timeRank;
  private String remoteAddr;
  private String method;
  private String path;
  private int pathRank;
  private String protocol;
  private String host;
  private int hostRank;
  private Integer status;
  private Long requestTimeMs;
  private String upstreamName;
  private List<String> upstreamAddrs = List.of();
  private Integer upstreamStatus;
  private Long upstreamResponseTimeMs;
  private String requestId;
  private int requestIdRank;
  private String upgrade;
  private String connection;

  EntryDraft(String line, AccessLogFormat.Escape escape) {
    this.line = line;
    this.escape = escape;
  }

  /** Takes one variable's value {@code line[s, e)}; the reason it is bad, or null. */
  String take(Field f, int s, int e) {
    switch (f) {
      case TIME_LOCAL -> {
        return time(LoggedTime.local(line, s, e), 1);
      }
      case TIME_ISO8601 -> {
        return time(LoggedTime.iso8601(line, s, e), 2);
      }
      case MSEC -> {
        return time(LoggedTime.msec(line, s, e), 3);
      }
      case REMOTE_ADDR -> remoteAddr = text(s, e);
      case REQUEST -> request(text(s, e));
      case REQUEST_METHOD -> method = method == null ? text(s, e) : method;
      case REQUEST_URI -> path(withoutQuery(text(s, e)), 2);
      case URI -> path(text(s, e), 1);
      case SERVER_PROTOCOL -> protocol = protocol == null ? text(s, e) : protocol;
      case HOST -> host(text(s, e), 3);
      case HTTP_HOST -> host(withoutPort(text(s, e)), 2);
      case SERVER_NAME -> host(text(s, e), 1);
      case STATUS -> {
        long v = LoggedNumber.integer(line, s, e);
        if (v == LoggedNumber.BAD || v > 999) {
          return LogParse.BAD_NUMBER;
        }
        status = v < 0 ? null : (int) v;
      }
      case REQUEST_TIME -> {
        long v = LoggedNumber.millis(line, s, e);
        if (v == LoggedNumber.BAD) {
          return LogParse.BAD_NUMBER;
        }
        requestTimeMs = v < 0 ? null : v;
      }
      case PROXY_UPSTREAM_NAME -> upstreamName = text(s, e);
      case UPSTREAM_ADDR -> upstreamAddrs = addrs(s, e);
      case UPSTREAM_STATUS -> {
        long v = LoggedNumber.integer(line, LoggedNumber.lastElement(line, s, e), e);
        if (v == LoggedNumber.BAD || v > 999) {
          return LogParse.BAD_NUMBER;
        }
        upstreamStatus = v < 0 ? null : (int) v;
      }
      case UPSTREAM_RESPONSE_TIME -> {
        long v = LoggedNumber.millis(line, LoggedNumber.lastElement(line, s, e), e);
        if (v == LoggedNumber.BAD) {
          return LogParse.BAD_NUMBER;
        }
        upstreamResponseTimeMs = v < 0 ? null : v;
      }
      case REQ_ID -> requestId(text(s, e), 2);
      case REQUEST_ID -> requestId(text(s, e), 1);
      case HTTP_UPGRADE -> upgrade = orEmpty(text(s, e));
      case HTTP_CONNECTION -> connection = orEmpty(text(s, e));
    }
    return null;
  }

  AccessLogEntry entry() {
    return new AccessLogEntry(
        timeMs == LoggedTime.BAD ? null : Instant.ofEpochMilli(timeMs),
        remoteAddr,
        method,
        path,
        protocol,
        host,
        status,
        requestTimeMs,
        upstreamName,
        upstreamAddrs,
        upstreamStatus,
        upstreamResponseTimeMs,
        requestId,
        upgrade,
        connection);
  }

  private String time(long ms, int rank) {
    if (ms == LoggedTime.BAD) {
      return LogParse.BAD_TIME;
    }
    if (rank > timeRank) {
      timeMs = ms;
      timeRank = rank;
    }
    return null;
  }

  /** {@code GET /ws?x=1 HTTP/1.1}; a line nginx could not read (a 400's) gives what it has. */
  private void request(String request) {
    if (request == null) {
      return;
    }
    int sp1 = request.indexOf(' ');
    if (sp1 <= 0) {
      return;
    }
    int sp2 = request.lastIndexOf(' ');
    method = request.substring(0, sp1);
    if (sp2 > sp1) {
      protocol = request.substring(sp2 + 1);
    } else {
      sp2 = request.length(); // HTTP/0.9: no protocol
    }
    path(withoutQuery(request.substring(sp1 + 1, sp2)), 3);
  }

  private void path(String p, int rank) {
    if (p != null && rank > pathRank) {
      path = p;
      pathRank = rank;
    }
  }

  private void host(String h, int rank) {
    if (h != null && rank > hostRank) {
      host = h;
      hostRank = rank;
    }
  }

  private void requestId(String id, int rank) {
    if (id != null && rank > requestIdRank) {
      requestId = id;
      requestIdRank = rank;
    }
  }

  /** The list's elements ({@code ip:port}, a unix socket, or an upstream group's name). */
  private List<String> addrs(int s, int e) {
    List<String> out = new ArrayList<>(2);
    int from = s;
    int i = s;
    while (i < e) {
      char c = line.charAt(i);
      if (c == ',' && i + 1 < e && line.charAt(i + 1) == ' ') {
        addAddr(out, from, i);
        from = i += 2;
      } else if (c == ' ' && i + 3 <= e && line.startsWith(" : ", i)) {
        addAddr(out, from, i);
        from = i += 3;
      } else {
        i++;
      }
    }
    addAddr(out, from, e);
    return out;
  }

  private void addAddr(List<String> out, int s, int e) {
    if (!LoggedNumber.absent(line, s, e)) {
      out.add(line.substring(s, e));
    }
  }

  private String text(int s, int e) {
    return LoggedNumber.absent(line, s, e) ? null : Unescape.value(line, s, e, escape);
  }

  private static String orEmpty(String v) {
    return v == null ? "" : v;
  }

  private static String withoutQuery(String target) {
    if (target == null) {
      return null;
    }
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  /** {@code echo.example:8080} → {@code echo.example}; {@code [::1]:80} → {@code [::1]}. */
  private static String withoutPort(String hostHeader) {
    if (hostHeader == null) {
      return null;
    }
    int colon = hostHeader.lastIndexOf(':');
    int bracket = hostHeader.lastIndexOf(']');
    String h = colon > bracket ? hostHeader.substring(0, colon) : hostHeader;
    return h.toLowerCase(Locale.ROOT);
  }
}
