package io.wsaudit.testkit.haproxy;

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

class HaproxyTest {

  @BeforeAll
  static void installed() {
    Assumptions.assumeTrue(Haproxy.binary() != null, "haproxy is not installed");
  }

  private static String config(int port, String body) {
    return "global\n  hard-stop-after 5s\n"
        + "defaults\n  mode http\n  timeout connect 1s\n  timeout client 5s\n  timeout server 5s\n"
        + "frontend f\n  bind 127.0.0.1:"
        + port
        + "\n  http-request return status 200 content-type text/plain string "
        + body
        + "\n";
  }

  private static String get(int port) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void startsListensAndReloadsANewConfiguration(@TempDir Path dir) throws Exception {
    int port = Ports.free();
    try (Haproxy haproxy = Haproxy.start(dir, config(port, "one"))) {
      haproxy.awaitListening(Duration.ofSeconds(10), port);
      assertThat(get(port)).isEqualTo("one");
      long first = haproxy.pid();

      assertThat(ListeningSockets.held(first)).isTrue();

      haproxy.reload(config(port, "two"));
      // reload returns once the old process stopped listening: every new request sees "two"
      assertThat(ListeningSockets.held(first)).isFalse();
      for (int i = 0; i < 20; i++) {
        assertThat(get(port)).isEqualTo("two");
      }
      assertThat(haproxy.pid()).isNotEqualTo(first);
      assertThat(ListeningSockets.held(haproxy.pid())).isTrue();
      // nothing held the old process open: it finished as soon as it stopped listening
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> haproxy.replacedAlive().isEmpty());
      assertThat(haproxy.isAlive()).isTrue();
    }
  }

  @Test
  void refusesAConfigurationHaproxyRejects(@TempDir Path dir) {
    assertThatThrownBy(() -> Haproxy.start(dir, "defaults\n  timeout client 2147483648\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("haproxy -c failed")
        .hasMessageContaining("timer overflow");
  }

  @Test
  void saysWhichVersionRuns() throws Exception {
    assertThat(Haproxy.version()).startsWith("HAProxy version ");
  }
}
