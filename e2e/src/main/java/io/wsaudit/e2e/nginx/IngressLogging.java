package io.wsaudit.e2e.nginx;

import java.util.Map;

/**
 * How ingress-nginx logs, as the model renders it: the {@code upstreaminfo} access-log format
 * (ConfigMap {@code log-format-upstream}, else the default; {@code log-format-escape-json} / {@code
 * -none}), the error-log level ({@code error-log-level}) and the {@code $req_id} it logs and sends
 * upstream as {@code X-Request-ID} ({@code generate-request-id}). From kubernetes/ingress-nginx @
 * {@code dbb11b92ddb77bee9c35e462479129354c84f939}.
 */
final class IngressLogging {

  /** {@code internal/ingress/controller/config/config.go} L54 ({@code logFormatUpstream}). */
  static final String DEFAULT_LOG_FORMAT_UPSTREAM =
      "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent"
          + " \"$http_referer\" \"$http_user_agent\" $request_length $request_time"
          + " [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr"
          + " $upstream_response_length $upstream_response_time $upstream_status $req_id";

  /**
   * {@code config.go} (the {@code errorLevel} default): at notice nginx does not write {@code
   * upstream timed out … while proxying upgraded connection}, which it logs at info.
   */
  static final String DEFAULT_ERROR_LOG_LEVEL = "notice";

  private IngressLogging() {}

  /** {@code nginx.tmpl} L351: {@code log_format upstreaminfo [escape=…] '<format>';}. */
  static String logFormat(Map<String, String> cm) {
    String format = cm.getOrDefault("log-format-upstream", DEFAULT_LOG_FORMAT_UPSTREAM);
    String escape =
        bool(cm, "log-format-escape-none")
            ? "escape=none "
            : bool(cm, "log-format-escape-json") ? "escape=json " : "";
    return "  log_format upstreaminfo " + escape + "'" + format + "';\n";
  }

  static String errorLogLevel(Map<String, String> cm) {
    return cm.getOrDefault("error-log-level", DEFAULT_ERROR_LOG_LEVEL);
  }

  /**
   * {@code nginx.tmpl} L390–396: a client's own X-Request-ID is kept, else nginx's {@code
   * $request_id} (unless {@code generate-request-id} is false, then it stays empty).
   */
  static String requestIdMap(Map<String, String> cm) {
    boolean generate = !"false".equalsIgnoreCase(cm.getOrDefault("generate-request-id", "true"));
    return "  map $http_x_request_id $req_id {\n"
        + "    default $http_x_request_id;\n"
        + (generate ? "    \"\"      $request_id;\n" : "")
        + "  }\n";
  }

  private static boolean bool(Map<String, String> cm, String key) {
    return "true".equalsIgnoreCase(cm.getOrDefault(key, "false").trim());
  }
}
