package io.wsaudit.agent.it;

import io.wsaudit.testkit.nginx.Nginx;
import io.wsaudit.testkit.process.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * A real nginx (the Debian package) on 127.0.0.1 in front of one upstream, with three servers:
 * nginx's default {@code proxy_http_version} (1.0 before nginx 1.29.7), the fix {@code 1.1}, and
 * 1.1 with a 1 s {@code proxy_read_timeout}. Each forwards {@code Upgrade} and {@code Connection:
 * upgrade} as the usual WebSocket recipe does.
 */
public record NginxProxy(Nginx nginx, int http10Port, int http11Port, int shortTimeoutPort)
    implements AutoCloseable {

  /**
   * Skips the calling test when nginx is absent on a developer's machine; in CI ({@code CI} set) a
   * missing nginx is a failure, because {@code .ci/run} installs it.
   */
  public static void assumeInstalled() {
    if (System.getenv("CI") != null && Nginx.binary() == null) {
      throw new IllegalStateException("nginx is not installed, but CI must run the nginx tests");
    }
    Assumptions.assumeTrue(
        Nginx.binary() != null, "nginx is not installed (sudo apt-get install -y nginx)");
  }

  public static NginxProxy start(int upstream) throws IOException {
    Path dir = Files.createTempDirectory("wsaudit-nginx-it");
    int p10 = Ports.free();
    int p11 = Ports.free();
    int pShort = Ports.free();
    String proxy =
        "proxy_pass http://127.0.0.1:"
            + upstream
            + ";\n"
            + "proxy_set_header Upgrade $http_upgrade;\nproxy_set_header Connection \"upgrade\";\n"
            + "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n";
    String conf =
        Nginx.mainContext(dir, "info")
            + "http {\n access_log off;\n"
            + Nginx.tempPaths(dir)
            + " server { listen 127.0.0.1:"
            + p10
            + "; location / {\n"
            + proxy
            + " } }\n"
            + " server { listen 127.0.0.1:"
            + p11
            + "; location / {\n"
            + proxy
            + "proxy_http_version 1.1;\n } }\n"
            + " server { listen 127.0.0.1:"
            + pShort
            + "; location / {\n"
            + proxy
            + "proxy_http_version 1.1;\nproxy_read_timeout 1s;\n } }\n"
            + "}\n";
    Nginx nginx = Nginx.start(dir, conf);
    nginx.awaitListening(Duration.ofSeconds(10), p10, p11, pShort);
    return new NginxProxy(nginx, p10, p11, pShort);
  }

  @Override
  public void close() {
    nginx.close();
  }
}
