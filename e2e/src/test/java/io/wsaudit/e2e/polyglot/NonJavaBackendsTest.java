package io.wsaudit.e2e.polyglot;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.testkit.apps.EchoProgram;
import io.wsaudit.testkit.apps.node.NodeWsEchoServer;
import io.wsaudit.testkit.apps.php.PhpEchoServer;
import io.wsaudit.testkit.apps.python.PythonWebsocketsEchoServer;
import io.wsaudit.testkit.nginx.Nginx;
import io.wsaudit.testkit.process.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Node.js {@code ws}, Python {@code websockets} and the PHP CLI server behind a real nginx, healthy
 * and in each of three breaks. Every connection is watched at once for the same window, so the
 * whole class takes a few seconds; what each server did is in docs/servers.md.
 */
class NonJavaBackendsTest {

  /** Longer than the 2 s read timeout by a margin a loaded machine cannot eat. */
  private static final Duration WINDOW = Duration.ofSeconds(4);

  @TempDir static Path dir;
  private static final List<EchoProgram> servers = new ArrayList<>();
  private static Nginx nginx;
  private static final Map<String, Observation> seen = new ConcurrentHashMap<>();

  @BeforeAll
  static void watchEveryBackendInEveryBreak() throws Exception {
    Assumptions.assumeTrue(Nginx.binary() != null, "nginx is not installed");
    Map<String, Integer> backends = new LinkedHashMap<>();
    for (EchoProgram p :
        List.of(
            NodeWsEchoServer.start(), PythonWebsocketsEchoServer.start(), PhpEchoServer.start())) {
      servers.add(p);
      backends.put(backendName(p), p.port());
    }
    Map<ProxyBreak, Integer> ports = new EnumMap<>(ProxyBreak.class);
    for (ProxyBreak b : ProxyBreak.values()) {
      ports.put(b, Ports.free());
    }
    nginx = Nginx.start(dir, ProxyBreak.config(dir, ports, backends));
    nginx.awaitListening(
        Duration.ofSeconds(10), ports.values().stream().mapToInt(i -> i).toArray());

    ExecutorService pool = Executors.newFixedThreadPool(backends.size() * ports.size());
    try {
      Map<String, Future<Observation>> running = new LinkedHashMap<>();
      ports.forEach(
          (b, port) ->
              backends
                  .keySet()
                  .forEach(
                      name ->
                          running.put(
                              key(name, b),
                              pool.submit(
                                  () ->
                                      Observation.watch(
                                          port, ProxyBreak.path(name) + "?case=" + b, WINDOW)))));
      for (Map.Entry<String, Future<Observation>> e : running.entrySet()) {
        seen.put(e.getKey(), e.getValue().get(WINDOW.toSeconds() + 15, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String backendName(EchoProgram p) {
    return p.name().replace('-', '_');
  }

  private static String key(String backend, ProxyBreak b) {
    return backend + "/" + b;
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.close();
    }
    servers.forEach(EchoProgram::close);
  }

  /**
   * Measured with nginx 1.22.1 (see docs/servers.md): only Node's {@code ws} upgrades an HTTP/1.0
   * request (and works: the classic break is invisible with it); Python's {@code websockets}
   * refuses it with 400 and the PHP server with 505 (Ratchet's answer). With {@code Connection:
   * keep-alive} none upgrades: 426 from {@code ws} and {@code websockets}, 400 from PHP. With a 2 s
   * read timeout every one upgrades and echoes, and nginx ends the quiet tunnel at 2 s.
   */
  static Stream<Arguments> expected() {
    return Stream.of(
        Arguments.of("node_ws", ProxyBreak.HEALTHY, 101, true, false),
        Arguments.of("node_ws", ProxyBreak.HTTP_1_0, 101, true, false),
        Arguments.of("node_ws", ProxyBreak.CONNECTION_KEEP_ALIVE, 426, false, false),
        Arguments.of("node_ws", ProxyBreak.READ_TIMEOUT_2S, 101, true, true),
        Arguments.of("python_websockets", ProxyBreak.HEALTHY, 101, true, false),
        Arguments.of("python_websockets", ProxyBreak.HTTP_1_0, 400, false, false),
        Arguments.of("python_websockets", ProxyBreak.CONNECTION_KEEP_ALIVE, 426, false, false),
        Arguments.of("python_websockets", ProxyBreak.READ_TIMEOUT_2S, 101, true, true),
        Arguments.of("php_ws", ProxyBreak.HEALTHY, 101, true, false),
        Arguments.of("php_ws", ProxyBreak.HTTP_1_0, 505, false, false),
        Arguments.of("php_ws", ProxyBreak.CONNECTION_KEEP_ALIVE, 400, false, false),
        Arguments.of("php_ws", ProxyBreak.READ_TIMEOUT_2S, 101, true, true));
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @MethodSource("expected")
  void behindNginx(
      String backend, ProxyBreak b, int status, boolean echoes, boolean nginxCutsAtReadTimeout) {
    Observation o = seen.get(key(backend, b));
    assertThat(o.status()).as("status the client sees").isEqualTo(status);
    assertThat(o.echoed()).as("a frame passes").isEqualTo(echoes);
    String request = "GET " + ProxyBreak.path(backend) + "?case=" + b + " ";
    boolean timedOut =
        nginx
            .log()
            .lines()
            .anyMatch(
                l ->
                    l.contains(request)
                        && l.contains(
                            "upstream timed out (110: Connection timed out) while"
                                + " proxying upgraded connection"));
    assertThat(timedOut).as("nginx logged the upstream timeout").isEqualTo(nginxCutsAtReadTimeout);
    if (nginxCutsAtReadTimeout) {
      // nginx, not the backend, ended it: no close frame, at the read timeout.
      assertThat(o.closeCode()).isNull();
      assertThat(o.closedAfterMs()).isBetween(1_500L, 3_500L);
    } else {
      assertThat(o.open()).as("still open after " + WINDOW).isTrue();
    }
    // The status came from the backend (nginx relays it), and nginx logged the tunnel's lifetime.
    String line = accessLine(backend, b);
    String[] f = line.split(" ");
    assertThat(f[1]).isEqualTo(Integer.toString(status));
    assertThat(f[2]).isEqualTo(Integer.toString(status));
    double lifetime = Double.parseDouble(f[3]);
    if (nginxCutsAtReadTimeout) {
      assertThat(lifetime).isBetween(1.9, 3.5);
    } else if (status == 101) {
      assertThat(lifetime).isGreaterThanOrEqualTo(WINDOW.toMillis() / 1000.0 - 0.1);
    }
  }

  /** The access-log line of one case: nginx writes it when the connection ends. */
  private static String accessLine(String backend, ProxyBreak b) {
    String prefix = ProxyBreak.path(backend) + "?case=" + b + " ";
    return Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Files.readAllLines(dir.resolve("access.log")).stream()
                    .filter(l -> l.startsWith(prefix))
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }
}
