package io.wsaudit.e2e.polyglot;

import io.wsaudit.testkit.nginx.Nginx;
import java.nio.file.Path;
import java.util.Map;

/**
 * The proxy settings a WebSocket backend is put behind: the healthy control and the three breaks
 * ingress-nginx users run into, each as the location directives nginx gets.
 */
enum ProxyBreak {
  /** What ingress-nginx renders by default (nginx.tmpl: 1.1, the upgrade map), long timeouts. */
  HEALTHY("1.1", "$connection_upgrade", "3600s"),
  /** {@code proxy-http-version: "1.0"}: the request goes upstream as HTTP/1.0. */
  HTTP_1_0("1.0", "$connection_upgrade", "3600s"),
  /**
   * {@code connection-proxy-header: keep-alive}: ingress-nginx renders {@code proxy_set_header
   * Connection "keep-alive"} in place of {@code $connection_upgrade}.
   */
  CONNECTION_KEEP_ALIVE("1.1", "\"keep-alive\"", "3600s"),
  /** {@code proxy-read-timeout: "2"} on a connection that then stays quiet. */
  READ_TIMEOUT_2S("1.1", "$connection_upgrade", "2s");

  final String httpVersion;
  final String connectionHeader;
  final String readTimeout;

  ProxyBreak(String httpVersion, String connectionHeader, String readTimeout) {
    this.httpVersion = httpVersion;
    this.connectionHeader = connectionHeader;
    this.readTimeout = readTimeout;
  }

  /** The path a backend is reached on in this break's server block. */
  static String path(String backend) {
    return "/" + backend;
  }

  /**
   * One nginx: a server block per break on its own port, in each a location per backend. The access
   * log carries what the assertions read: status, upstream status, lifetime.
   */
  static String config(Path dir, Map<ProxyBreak, Integer> ports, Map<String, Integer> backends) {
    StringBuilder c = new StringBuilder(Nginx.mainContext(dir, "info"));
    c.append("http {\n")
        .append("  log_format probe '$request_uri $status $upstream_status $request_time';\n")
        .append("  access_log ")
        .append(dir.resolve("access.log"))
        .append(" probe;\n")
        .append(Nginx.tempPaths(dir));
    // kubernetes/ingress-nginx rootfs/etc/nginx/template/nginx.tmpl: the upgrade map (no
    // upstream keepalive here, so '' maps to close as the template does then).
    c.append("  map $http_upgrade $connection_upgrade { default upgrade; '' close; }\n");
    backends.forEach(
        (name, port) ->
            c.append("  upstream ")
                .append(name)
                .append(" { server 127.0.0.1:")
                .append(port)
                .append("; }\n"));
    ports.forEach(
        (b, port) -> {
          c.append("  server {\n    listen 127.0.0.1:").append(port).append(";\n");
          backends.keySet().forEach(name -> c.append(b.location(name)));
          c.append("  }\n");
        });
    return c.append("}\n").toString();
  }

  private String location(String backend) {
    return "    location "
        + path(backend)
        + " {\n"
        + "      proxy_http_version "
        + httpVersion
        + ";\n"
        + "      proxy_set_header Upgrade $http_upgrade;\n"
        + "      proxy_set_header Connection "
        + connectionHeader
        + ";\n"
        + "      proxy_read_timeout "
        + readTimeout
        + ";\n"
        + "      proxy_send_timeout 3600s;\n"
        + "      proxy_buffering off;\n"
        + "      proxy_pass http://"
        + backend
        + ";\n    }\n";
  }
}
