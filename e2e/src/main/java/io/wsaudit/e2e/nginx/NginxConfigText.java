package io.wsaudit.e2e.nginx;

import static io.wsaudit.e2e.nginx.IngressNginxModel.DEFAULT_UPSTREAM_KEEPALIVE;
import static io.wsaudit.e2e.nginx.IngressNginxModel.DEFAULT_WORKER_SHUTDOWN_TIMEOUT;
import static io.wsaudit.e2e.nginx.IngressSettings.intOr;

import io.wsaudit.e2e.nginx.IngressNginxModel.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The nginx.conf text for resolved locations, as ingress-nginx's template writes it. */
final class NginxConfigText {

  private NginxConfigText() {}

  static String render(List<Location> locations, Map<String, String> cm, ModelRuntime rt) {
    int keepalive = intOr(cm.get("upstream-keepalive-connections"), DEFAULT_UPSTREAM_KEEPALIVE);
    String shutdown = cm.getOrDefault("worker-shutdown-timeout", DEFAULT_WORKER_SHUTDOWN_TIMEOUT);
    StringBuilder c = new StringBuilder();
    ModelFrame.open(
        c,
        IngressNginxModel.class,
        "ingress-nginx",
        rt,
        IngressLogging.errorLogLevel(cm),
        // kubernetes/ingress-nginx rootfs/etc/nginx/template/nginx.tmpl L45-47
        List.of("worker_shutdown_timeout " + shutdown + " ;"));
    c
        // kubernetes/ingress-nginx rootfs/etc/nginx/template/nginx.tmpl L351, L367
        .append(IngressLogging.logFormat(cm))
        .append("  access_log ")
        .append(rt.dir().resolve("access.log"))
        .append(" upstreaminfo;\n")
        .append(IngressLogging.requestIdMap(cm));
    ModelFrame.tempPaths(c, rt);
    c
        // kubernetes/ingress-nginx rootfs/etc/nginx/template/nginx.tmpl L379-388
        .append("  map $http_upgrade $connection_upgrade {\n")
        .append("    default upgrade;\n")
        .append(keepalive > 0 ? "    ''      '';\n" : "    ''      close;\n")
        .append("  }\n");

    Map<String, List<String>> upstreams = new TreeMap<>();
    locations.forEach(l -> upstreams.putIfAbsent(l.upstream(), l.servers()));
    upstreams.forEach(
        (name, servers) -> {
          if (!servers.isEmpty()) {
            c.append("  upstream ").append(name).append(" {\n");
            servers.forEach(s -> c.append("    server ").append(s).append(";\n"));
            if (keepalive > 0) {
              // kubernetes/ingress-nginx rootfs/etc/nginx/template/nginx.tmpl L534-539
              c.append("    keepalive ").append(keepalive).append(";\n");
            }
            c.append("  }\n");
          }
        });

    c.append("  server {\n    listen 127.0.0.1:")
        .append(rt.httpPort())
        .append(" default_server;\n")
        .append("    server_name _;\n")
        // nginx.tmpl L913: every server starts with no upstream
        .append("    set $proxy_upstream_name \"-\";\n");
    ModelFrame.generationProbe(c, rt);
    c.append("    location / { return 404; }\n  }\n");

    Map<String, List<Location>> byHost = new LinkedHashMap<>();
    locations.forEach(l -> byHost.computeIfAbsent(l.host(), h -> new ArrayList<>()).add(l));
    byHost.forEach(
        (host, locs) -> {
          c.append("  server {\n    listen 127.0.0.1:")
              .append(rt.httpPort())
              .append(";\n")
              .append("    server_name ")
              .append(host.isEmpty() ? "_" : host)
              .append(";\n")
              .append("    set $proxy_upstream_name \"-\";\n");
          for (Location l : locs) {
            c.append("    location ")
                .append("Exact".equals(l.pathType()) ? "= " : "")
                .append(l.path())
                .append(" {\n")
                .append("      # Ingress ")
                .append(l.ingress())
                .append("\n")
                .append("      set $ingress_name \"")
                .append(l.ingress())
                .append("\";\n")
                .append("      set $proxy_upstream_name \"")
                .append(l.upstream())
                .append("\";\n")
                // nginx.tmpl L1201 (no canary here)
                .append("      set $proxy_alternative_upstream_name \"\";\n");
            if (l.servers().isEmpty()) {
              // ingress-nginx answers 503 when a backend has no endpoints.
              c.append("      return 503;\n    }\n");
              continue;
            }
            c.append("      proxy_set_header Host $host;\n")
                // kubernetes/ingress-nginx rootfs/etc/nginx/template/nginx.tmpl L1295-1300: "Allow
                // websocket
                // connections"
                .append("      proxy_set_header Upgrade $http_upgrade;\n")
                .append("      proxy_set_header Connection ")
                .append(l.connectionHeader())
                .append(";\n")
                // nginx.tmpl L1303
                .append("      proxy_set_header X-Request-ID $req_id;\n")
                .append("      proxy_set_header X-Real-IP $remote_addr;\n")
                .append("      proxy_set_header X-Forwarded-For $remote_addr;\n")
                .append("      proxy_set_header X-Forwarded-Host $host;\n")
                .append("      proxy_set_header Proxy \"\";\n")
                // kubernetes/ingress-nginx rootfs/etc/nginx/template/nginx.tmpl L1333-1347
                .append("      proxy_connect_timeout ")
                .append(l.connectTimeout())
                .append("s;\n")
                .append("      proxy_send_timeout ")
                .append(l.sendTimeout())
                .append("s;\n")
                .append("      proxy_read_timeout ")
                .append(l.readTimeout())
                .append("s;\n")
                .append("      proxy_buffering off;\n")
                .append("      proxy_http_version ")
                .append(l.httpVersion())
                .append(";\n")
                .append("      proxy_pass http://")
                .append(l.upstream())
                .append(";\n")
                .append("    }\n");
          }
          c.append("  }\n");
        });
    c.append("}\n");
    return c.toString();
  }
}
