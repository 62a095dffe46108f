package io.wsaudit.operator.proxy.ingressnginx;

import io.wsaudit.operator.proxy.nginx.log.AccessLogFormat;
import java.util.Map;

/**
 * The access-log format an ingress-nginx controller writes, from its ConfigMap. The controller puts
 * {@code log-format-upstream} into {@code log_format upstreaminfo [escape=none|escape=json] '…'}
 * (kubernetes/ingress-nginx {@code rootfs/etc/nginx/template/nginx.tmpl}): {@code
 * log-format-escape-none} wins over {@code log-format-escape-json}, and nginx's configuration
 * parser turns {@code \t \r \n \" \' \\} inside the quotes into the characters ({@code
 * src/core/ngx_conf_file.c}, {@code ngx_conf_read_token}).
 *
 * <p>Two of the default format's variables are the template's own, set in every location: {@code
 * $proxy_upstream_name} ({@code set $proxy_upstream_name "<namespace>-<service>-<port>"}, the
 * backend's name, {@code "-"} outside a location and {@code upstream-default-backend} for the
 * default backend) and {@code $req_id} ({@code map $http_x_request_id $req_id}: the client's {@code
 * X-Request-ID} when it sent one, else nginx's random {@code $request_id} while {@code
 * generate-request-id} is true, the default), which the template sends upstream as {@code
 * X-Request-ID}. A format that logs {@code $request_id} instead misses the client's own ids.
 */
public final class LogFormats {

  public static final String LOG_FORMAT_UPSTREAM = "log-format-upstream";
  public static final String LOG_FORMAT_ESCAPE_JSON = "log-format-escape-json";
  public static final String LOG_FORMAT_ESCAPE_NONE = "log-format-escape-none";

  /**
   * ingress-nginx's default {@code log-format-upstream} (kubernetes/ingress-nginx {@code
   * internal/ingress/controller/config/config.go}, {@code logFormatUpstream}).
   */
  public static final String DEFAULT_UPSTREAM =
      "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent"
          + " \"$http_referer\" \"$http_user_agent\" $request_length $request_time"
          + " [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr"
          + " $upstream_response_length $upstream_response_time $upstream_status $req_id";

  private static final AccessLogFormat DEFAULT =
      AccessLogFormat.compile(DEFAULT_UPSTREAM, AccessLogFormat.Escape.DEFAULT);

  private LogFormats() {}

  /**
   * The format a ConfigMap's data gives: the format, or (then {@code format} is null) why it cannot
   * be read, a sentence for the policy status.
   */
  public record Compiled(AccessLogFormat format, String error) {

    public boolean ok() {
      return format != null;
    }
  }

  /** The controller's access-log format; the default when the key is absent or blank. */
  public static Compiled of(Map<String, String> configMapData) {
    Map<String, String> data = configMapData == null ? Map.of() : configMapData;
    String raw = data.get(LOG_FORMAT_UPSTREAM);
    AccessLogFormat.Escape escape = escape(data);
    if (raw == null || raw.isBlank()) {
      return new Compiled(
          escape == AccessLogFormat.Escape.DEFAULT
              ? DEFAULT
              : AccessLogFormat.compile(DEFAULT_UPSTREAM, escape),
          null);
    }
    int quote = unescapedQuote(raw);
    if (quote >= 0) {
      return new Compiled(
          null,
          LOG_FORMAT_UPSTREAM
              + " cannot be parsed: the ' at "
              + quote
              + " ends the template's quoted log_format (write \\' instead)");
    }
    try {
      return new Compiled(AccessLogFormat.compile(nginxUnquote(raw), escape), null);
    } catch (IllegalArgumentException e) {
      return new Compiled(null, LOG_FORMAT_UPSTREAM + " cannot be parsed: " + e.getMessage());
    }
  }

  /** The escaping the template asks nginx for. */
  static AccessLogFormat.Escape escape(Map<String, String> data) {
    if (isTrue(data.get(LOG_FORMAT_ESCAPE_NONE))) {
      return AccessLogFormat.Escape.NONE;
    }
    return isTrue(data.get(LOG_FORMAT_ESCAPE_JSON))
        ? AccessLogFormat.Escape.JSON
        : AccessLogFormat.Escape.DEFAULT;
  }

  /** Go's strconv.ParseBool, which the controller's weakly typed ConfigMap decoding uses. */
  private static boolean isTrue(String v) {
    if (v == null) {
      return false;
    }
    return switch (v.trim()) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      default -> false;
    };
  }

  /** Where a {@code '} not preceded by a backslash is, or -1. */
  private static int unescapedQuote(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '\'') {
        return i;
      }
    }
    return -1;
  }

  /** What nginx makes of a quoted configuration string's backslashes. */
  static String nginxUnquote(String raw) {
    if (raw.indexOf('\\') < 0) {
      return raw;
    }
    StringBuilder sb = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      char next = i + 1 < raw.length() ? raw.charAt(i + 1) : 0;
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      switch (next) {
        case '"', '\'', '\\' -> {
          sb.append(next);
          i++;
        }
        case 't' -> {
          sb.append('\t');
          i++;
        }
        case 'r' -> {
          sb.append('\r');
          i++;
        }
        case 'n' -> {
          sb.append('\n');
          i++;
        }
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
