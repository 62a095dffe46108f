package io.wsaudit.testkit.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsaudit.testkit.process.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NginxTest {

  @BeforeAll
  static void installed() {
    Assumptions.assumeTrue(Nginx.binary() != null, "nginx is not installed");
  }

  private static String config(Path dir, int port, String body) {
    return (Nginx.runningAsRoot() ? "user root;\n" : "")
        + "worker_processes 1;\ndaemon off;\npid "
        + dir.resolve("nginx.pid")
        + ";\nerror_log "
        + dir.resolve("error.log")
        + ";\nevents { worker_connections 16; }\nhttp {\n access_log off;\n"
        + " client_body_temp_path "
        + dir.resolve("body")
        + ";\n proxy_temp_path "
        + dir.resolve("proxy")
        + ";\n server { listen 127.0.0.1:"
        + port
        + "; location / { return 200 \""
        + body
        + "\"; } }\n}\n";
  }

  private static String get(int port) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void startsListensAndReloadsANewConfiguration(@TempDir Path dir) throws Exception {
    int port = Ports.free();
    try (Nginx nginx = Nginx.start(dir, config(dir, port, "one"))) {
      nginx.awaitListening(Duration.ofSeconds(10), port);
      assertThat(get(port)).isEqualTo("one");

      nginx.reload(config(dir, port, "two"));
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> get(port).equals("two"));
      assertThat(nginx.isAlive()).isTrue();
    }
  }

  @Test
  void refusesAConfigurationNginxRejects(@TempDir Path dir) {
    assertThatThrownBy(() -> Nginx.start(dir, "this is not nginx.conf"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nginx -t failed");
  }
}
