package io.wsaudit.e2e.ngf;

import io.wsaudit.e2e.ngf.NgfModel.Location;
import io.wsaudit.e2e.nginx.ModelFrame;
import io.wsaudit.e2e.nginx.ModelRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The nginx.conf text for one Gateway, as NGINX Gateway Fabric v2.6.7's templates write it ({@code
 * internal/controller/nginx/config/}: {@code base_http_config_template.go}, {@code
 * upstreams_template.go}, {@code servers_template.go}; line numbers below are theirs). NGF writes
 * each policy's directives to {@code /etc/nginx/includes/<file>} and {@code include}s it; the model
 * puts the same directives in place, under a comment naming the file, so that nginx reads the same
 * configuration from one file.
 */
final class NgfConfigText {

  /**
   * {@code http.KeepAliveConnectionDefault} ({@code
   * internal/controller/nginx/config/http/config.go} L12).
   */
  static final int KEEPALIVE = 16;

  /** NGF's {@code /var/run/nginx/nginx-503-server.sock}, in this run's directory. */
  private static final String NO_ENDPOINTS_SOCKET = "nginx-503-server.sock";

  private NgfConfigText() {}

  static String render(
      List<ProxySettingsPolicies.Include> gatewayIncludes,
      List<Location> locations,
      ModelRuntime rt) {
    StringBuilder c = new StringBuilder();
    ModelFrame.open(c, NgfModel.class, "NGINX Gateway Fabric", rt, "info", List.of());
    c.append("  access_log ").append(rt.dir().resolve("access.log")).append(";\n");
    ModelFrame.tempPaths(c, rt);
    c
        // base_http_config_template.go L25-28
        .append(
            "  map $http_host $gw_api_compliant_host {\n    '' $host;\n    default $http_host;\n  }\n")
        // L37-40
        .append(
            "  map $http_upgrade $connection_upgrade {\n    default upgrade;\n    '' close;\n  }\n")
        // L44-47
        .append(
            "  map $http_upgrade $connection_keepalive {\n    default upgrade;\n    '' '';\n  }\n");
    // L88-89: the Gateway's policies in the http context (base_http_config.go L68, GenerateForHTTP)
    gatewayIncludes.forEach(i -> include(c, "  ", i));
    upstreams(c, locations, rt);
    // servers_template.go L61-79: the default server answers 404 (NGF with a server-level
    // return; here in "location /", so that the model's generation probe still answers)
    c.append("  server {\n    listen 127.0.0.1:")
        .append(rt.httpPort())
        .append(" default_server;\n");
    ModelFrame.generationProbe(c, rt);
    c.append("    location / { default_type text/html; return 404; }\n  }\n");
    Map<String, List<Location>> byHost = new LinkedHashMap<>();
    locations.forEach(l -> byHost.computeIfAbsent(l.host(), h -> new ArrayList<>()).add(l));
    byHost.forEach((host, locs) -> server(c, host, locs, rt));
    // servers_template.go L286-291: where an upstream without endpoints points
    c.append("  server {\n    listen unix:")
        .append(rt.dir().resolve(NO_ENDPOINTS_SOCKET))
        .append(";\n    access_log off;\n    return 503;\n  }\n");
    return c.append("}\n").toString();
  }

  private static void include(StringBuilder c, String indent, ProxySettingsPolicies.Include i) {
    c.append(indent).append("# include /etc/nginx/includes/").append(i.file()).append('\n');
    i.directives().forEach(d -> c.append(indent).append(d).append('\n'));
  }

  /** upstreams_template.go L10-47, with upstreams.go's defaults (L27, L37) and keepalive 16. */
  private static void upstreams(StringBuilder c, List<Location> locations, ModelRuntime rt) {
    Map<String, List<String>> upstreams = new TreeMap<>();
    locations.forEach(l -> upstreams.putIfAbsent(l.upstream(), l.servers()));
    upstreams.forEach(
        (name, servers) -> {
          c.append("  upstream ")
              .append(name)
              .append(" {\n    random two least_conn;\n    zone ")
              .append(name)
              .append(" 512k;\n");
          // no endpoints: NGF points the upstream at its 503 server (upstreams.go, Nginx503Server)
          (servers.isEmpty() ? List.of("unix:" + rt.dir().resolve(NO_ENDPOINTS_SOCKET)) : servers)
              .forEach(s -> c.append("    server ").append(s).append(";\n"));
          c.append("    keepalive ").append(KEEPALIVE).append(";\n  }\n");
        });
  }

  private static void server(StringBuilder c, String host, List<Location> locs, ModelRuntime rt) {
    // servers_template.go L81-135
    c.append("  server {\n    listen 127.0.0.1:")
        .append(rt.httpPort())
        .append(";\n    server_name ")
        .append(host)
        .append(";\n");
    for (Location l : locs) {
      c.append("    # HTTPRoute ").append(l.route()).append('\n');
      c.append("    location ").append(l.path()).append(" {\n");
      // L167-169: the route's policies, included first in the location
      l.includes().forEach(i -> include(c, "      ", i));
      c
          // L249
          .append("      proxy_http_version 1.1;\n")
          // L251-253: createBaseProxySetHeaders, then Upgrade and the keepalive Connection map
          .append("      proxy_set_header Host \"$gw_api_compliant_host\";\n")
          .append("      proxy_set_header X-Forwarded-For \"$proxy_add_x_forwarded_for\";\n")
          .append("      proxy_set_header X-Real-IP \"$remote_addr\";\n")
          .append("      proxy_set_header X-Forwarded-Proto \"$scheme\";\n")
          .append("      proxy_set_header X-Forwarded-Host \"$host\";\n")
          .append("      proxy_set_header X-Forwarded-Port \"$server_port\";\n")
          .append("      proxy_set_header Upgrade \"$http_upgrade\";\n")
          .append("      proxy_set_header Connection \"$connection_keepalive\";\n")
          // L254: an external location's proxy_pass has no $request_uri (createProxyPass)
          .append("      proxy_pass http://")
          .append(l.upstream())
          .append(";\n    }\n");
    }
    c.append("  }\n");
  }
}
