package io.wsaudit.e2e.f5nginx;

import io.wsaudit.e2e.f5nginx.F5NginxModel.Location;
import io.wsaudit.e2e.nginx.ModelFrame;
import io.wsaudit.e2e.nginx.ModelRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The nginx.conf text for resolved locations, as F5 NGINX Ingress Controller's templates write it
 * (nginx/kubernetes-ingress v5.5.4: {@code internal/configs/version1/nginx.tmpl} for the {@code
 * http} context, {@code nginx.ingress.tmpl} for each Ingress; line numbers below are theirs).
 */
final class F5ConfigText {

  /** {@code config_params.go} L279–282: max_fails 1, fail_timeout 10s, max_conns 0. */
  private static final String SERVER_PARAMS = " max_fails=1 fail_timeout=10s max_conns=0";

  private F5ConfigText() {}

  static String render(List<Location> locations, int keepalive, ModelRuntime rt) {
    StringBuilder c = new StringBuilder();
    ModelFrame.open(c, F5NginxModel.class, "F5 NGINX Ingress Controller", rt, "notice", List.of());
    c
        // nginx.tmpl L53-55: the default "main" access-log format
        .append("  log_format main '$remote_addr - $remote_user [$time_local] \"$request\" '\n")
        .append("                  '$status $body_bytes_sent \"$http_referer\" '\n")
        .append("                  '\"$http_user_agent\" \"$http_x_forwarded_for\"';\n")
        .append("  access_log ")
        .append(rt.dir().resolve("access.log"))
        .append(" main;\n");
    ModelFrame.tempPaths(c, rt);
    c
        // nginx.tmpl L97-100
        .append("  map $http_upgrade $connection_upgrade {\n")
        .append("    default upgrade;\n")
        .append("    ''      close;\n")
        .append("  }\n");
    upstreams(c, locations, keepalive);
    // The default server answers DefaultServerReturn, 404 (config_params.go L260).
    c.append("  server {\n    listen 127.0.0.1:")
        .append(rt.httpPort())
        .append(" default_server;\n")
        .append("    server_name _;\n");
    ModelFrame.generationProbe(c, rt);
    c.append("    location / { return 404; }\n  }\n");

    Map<String, List<Location>> byServer = new LinkedHashMap<>();
    locations.forEach(
        l -> byServer.computeIfAbsent(l.ingress() + " " + l.host(), k -> new ArrayList<>()).add(l));
    byServer.values().forEach(locs -> server(c, locs, rt));
    return c.append("}\n").toString();
  }

  /** nginx.ingress.tmpl L3-21. */
  private static void upstreams(StringBuilder c, List<Location> locations, int keepalive) {
    Map<String, List<String>> upstreams = new TreeMap<>();
    locations.forEach(l -> upstreams.putIfAbsent(l.upstream(), l.servers()));
    upstreams.forEach(
        (name, servers) -> {
          c.append("  upstream ").append(name).append(" {\n");
          servers.forEach(
              s -> c.append("    server ").append(s).append(SERVER_PARAMS).append(";\n"));
          if (keepalive > 0) {
            // L14-16: {{if $.Keepalive}}, the ConfigMap's keepalive when > 0 (ingress.go L712)
            c.append("    keepalive ").append(keepalive).append(";\n");
          }
          c.append("  }\n");
        });
  }

  private static void server(StringBuilder c, List<Location> locs, ModelRuntime rt) {
    String host = locs.get(0).host();
    c.append("  # configuration for ")
        .append(locs.get(0).ingress())
        .append("\n  server {\n    listen 127.0.0.1:")
        .append(rt.httpPort())
        .append(";\n")
        // L114; an empty host is "_" (ingress.go L380)
        .append("    server_name ")
        .append(host.isEmpty() ? "_" : host)
        .append(";\n")
        .append("    set $service \"-\";\n");
    for (Location l : locs) {
      location(c, l);
    }
    c.append("  }\n");
  }

  private static void location(StringBuilder c, Location l) {
    c.append("    location ")
        .append(l.path())
        .append(" {\n")
        // L236-237
        .append("      set $service \"")
        .append(l.service())
        .append("\";\n")
        // L352: always
        .append("      proxy_http_version 1.1;\n");
    if (l.websocket()) {
      // L353-355: only for a Service in nginx.org/websocket-services
      c.append("      proxy_set_header Upgrade $http_upgrade;\n");
    }
    if (l.connectionHeader() != null) {
      // L355, or L357-358 ("" with keepalive)
      c.append("      proxy_set_header Connection ").append(l.connectionHeader()).append(";\n");
    }
    // L360-362: location snippets, verbatim
    l.snippets().forEach(s -> c.append("      ").append(s).append('\n'));
    c
        // L368-370
        .append("      proxy_connect_timeout ")
        .append(l.connectTimeout())
        .append(";\n")
        .append("      proxy_read_timeout ")
        .append(l.readTimeout())
        .append(";\n")
        .append("      proxy_send_timeout ")
        .append(l.sendTimeout())
        .append(";\n")
        .append("      client_max_body_size 1m;\n")
        // L384-389
        .append("      proxy_set_header Host $host;\n")
        .append("      proxy_set_header X-Real-IP $remote_addr;\n")
        .append("      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n")
        .append("      proxy_set_header X-Forwarded-Host $host;\n")
        .append("      proxy_set_header X-Forwarded-Port $server_port;\n")
        .append("      proxy_set_header X-Forwarded-Proto $scheme;\n")
        // L390: proxy-buffering defaults to on (config_params.go)
        .append("      proxy_buffering on;\n")
        // L421
        .append("      proxy_pass http://")
        .append(l.upstream())
        .append(";\n    }\n");
  }
}
