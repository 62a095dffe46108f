package io.wsaudit.operator.proxy.nginx.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.operator.proxy.ingressnginx.LogFormats;
import io.wsaudit.testkit.nginx.Nginx;
import io.wsaudit.testkit.process.Ports;
import io.wsaudit.testkit.ws.RawClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lines a real nginx wrote, read back: nginx on 127.0.0.1 configured as ingress-nginx configures
 * itself ({@code log_format upstreaminfo} with the default {@code log-format-upstream}, {@code
 * $proxy_upstream_name} set per location, {@code $req_id} mapped from {@code X-Request-ID} and sent
 * upstream), in front of a real WebSocket backend. Every connection is logged three times: the
 * default format, the default format with {@code escape=json} ({@code log-format-escape-json}), and
 * a JSON format with the upgrade headers.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class NginxLogGoldenTest {

  private static final String JSON_FORMAT =
      "{\"time\": \"$time_iso8601\", \"msec\": \"$msec\", \"remote\": \"$remote_addr\","
          + " \"host\": \"$host\", \"request\": \"$request\", \"status\": $status,"
          + " \"duration\": $request_time, \"upstream\": \"$proxy_upstream_name\","
          + " \"addr\": \"$upstream_addr\", \"ustatus\": \"$upstream_status\","
          + " \"utime\": \"$upstream_response_time\", \"agent\": \"$http_user_agent\","
          + " \"upgrade\": \"$http_upgrade\", \"connection\": \"$http_connection\","
          + " \"id\": \"$req_id\"}";

  /** A user agent that nginx must escape: quotes and a backslash. */
  private static final String AGENT = "User-Agent: golden \"test\" \\ agent";

  @TempDir static Path dir;
  private static UpgradeBackend backend;
  private static Nginx nginx;
  private static int port;

  @BeforeAll
  static void start() throws IOException {
    if (System.getenv("CI") != null && Nginx.binary() == null) {
      throw new IllegalStateException("nginx is not installed, but CI must run the nginx tests");
    }
    Assumptions.assumeTrue(Nginx.binary() != null, "nginx is not installed");
    backend = new UpgradeBackend();
    port = Ports.free();
    nginx = Nginx.start(dir, config(port, backend.port()));
    nginx.awaitListening(Duration.ofSeconds(5), port);
  }

  @AfterAll
  static void stop() throws IOException {
    if (nginx != null) {
      nginx.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  @Test
  void aWebSocketClosedByTheClient() throws IOException {
    long before = System.currentTimeMillis();
    long t0 = System.nanoTime();
    long heldMs;
    try (RawClient ws = upgrade("/ws?x=1")) {
      assertThat(ws.status()).isEqualTo(101);
      assertThat(ws.pollFrame(Duration.ofMillis(200), Duration.ofSeconds(1))).isNull();
      heldMs = (System.nanoTime() - ws.responseNanoTime) / 1_000_000;
      ws.sendClose(1000, "bye");
      assertThat(ws.readFrame().opcode).isEqualTo(0x8);
      assertThat(ws.serverClosesWithin(Duration.ofSeconds(5))).isTrue();
    }
    long lifetimeMs = (System.nanoTime() - t0) / 1_000_000;
    long after = System.currentTimeMillis();

    AccessLogEntry e = awaitEntry("access.log", LogFormats.of(Map.of()), "/ws");
    assertThat(e.status()).isEqualTo(101);
    assertThat(e.method()).isEqualTo("GET");
    assertThat(e.clientProtocol()).isEqualTo("HTTP/1.1");
    assertThat(e.remoteAddr()).isEqualTo("127.0.0.1");
    assertThat(e.time())
        .isBetween(Instant.ofEpochMilli(before - 1_000), Instant.ofEpochMilli(after));
    // nginx's clock is its cached time, a few ms coarse at most
    assertThat(e.requestTimeMs()).isBetween(heldMs - 20, lifetimeMs + 20);
    assertThat(e.upstreamName()).isEqualTo("default-echo-8080");
    assertThat(e.upstreamAddrs()).containsExactly("127.0.0.1:" + backend.port());
    assertThat(e.upstreamStatus()).isEqualTo(101);
    String sent = UpgradeBackend.header(headFor("/ws?x=1"), "X-Request-ID");
    assertThat(sent).matches("[0-9a-f]{32}");
    assertThat(e.requestId()).isEqualTo(sent);

    AccessLogEntry escapedJson =
        awaitEntry(
            "access-escjson.log", LogFormats.of(Map.of("log-format-escape-json", "true")), "/ws");
    assertThat(escapedJson).isEqualTo(e);

    AccessLogEntry json = awaitEntry("access-json.log", jsonFormat(), "/ws");
    assertThat(json.upgrade()).isEqualTo("websocket");
    assertThat(json.connection()).isEqualTo("Upgrade");
    assertThat(json.host()).isEqualTo("echo.example");
    assertThat(json.requestId()).isEqualTo(sent);
    assertThat(json.requestTimeMs()).isEqualTo(e.requestTimeMs());
    assertThat(json.upstreamAddrs()).isEqualTo(e.upstreamAddrs());
    assertThat(json.time().toEpochMilli() / 1_000).isEqualTo(e.time().toEpochMilli() / 1_000);

    assertThat(errorEntries())
        .noneMatch(x -> x.upgraded() && "GET /ws?x=1 HTTP/1.1".equals(x.request()));
  }

  @Test
  void aWebSocketCutByProxyReadTimeout() throws IOException {
    try (RawClient ws = upgrade("/idle?x=2")) {
      assertThat(ws.status()).isEqualTo(101);
      assertThat(ws.serverClosesWithin(Duration.ofSeconds(5))).isTrue();
    }

    ErrorLogEntry cut =
        Awaitility.await()
            .atMost(Duration.ofSeconds(5))
            .until(
                () ->
                    errorEntries().stream()
                        .filter(x -> "GET /idle?x=2 HTTP/1.1".equals(x.request()))
                        .findFirst(),
                Optional::isPresent)
            .orElseThrow();
    assertThat(cut.upgradedTimedOut()).isTrue();
    assertThat(cut.upstreamTimedOut()).isTrue();
    assertThat(cut.clientTimedOut()).isFalse();
    assertThat(cut.level())
        .as("nginx logs an upgraded connection's timeout at info")
        .isEqualTo("info");
    assertThat(cut.upstream()).isEqualTo("http://127.0.0.1:" + backend.port() + "/idle?x=2");
    assertThat(cut.host()).isEqualTo("echo.example");
    assertThat(cut.client()).isEqualTo("127.0.0.1");

    AccessLogEntry e = awaitEntry("access.log", LogFormats.of(Map.of()), "/idle");
    assertThat(e.status()).as("the 101 was sent before the timeout").isEqualTo(101);
    assertThat(e.requestTimeMs()).isBetween(990L, 1_500L);
    assertThat(e.upstreamName()).isEqualTo("default-idle-8080");
    assertThat(e.requestId())
        .isEqualTo(UpgradeBackend.header(headFor("/idle?x=2"), "X-Request-ID"));

    AccessLogEntry json = awaitEntry("access-json.log", jsonFormat(), "/idle");
    assertThat(json.requestTimeMs()).isEqualTo(e.requestTimeMs());
    assertThat(json.upgradeRequested()).isTrue();
  }

  /** nginx re-arms the backend side's read timer on the client's bytes too. */
  @Test
  void aClientThatKeepsSendingOutlivesProxyReadTimeout() throws IOException {
    long held;
    try (RawClient ws = upgrade("/idle/keep?x=3")) {
      assertThat(ws.status()).isEqualTo(101);
      // the backend never answers; the client sends a frame every 300 ms for 1.8 s
      for (int i = 0; i < 6; i++) {
        assertThat(ws.pollFrame(Duration.ofMillis(300), Duration.ofSeconds(1))).isNull();
        ws.sendText("still here " + i);
      }
      held = (System.nanoTime() - ws.responseNanoTime) / 1_000_000;
      assertThat(held).isGreaterThan(1_500);
      ws.sendClose(1000, "bye");
      assertThat(ws.readFrame().opcode).as("the tunnel was still open").isEqualTo(0x8);
    }

    AccessLogEntry e = awaitEntry("access.log", LogFormats.of(Map.of()), "/idle/keep");
    assertThat(e.requestTimeMs()).isGreaterThanOrEqualTo(held - 20);
    assertThat(errorEntries())
        .noneMatch(x -> x.upgradedTimedOut() && "GET /idle/keep?x=3 HTTP/1.1".equals(x.request()));
  }

  private static RawClient upgrade(String target) throws IOException {
    return RawClient.send(
        port,
        RawClient.upgradeRequest("HTTP/1.1", target, "Host: echo.example", AGENT),
        Duration.ofSeconds(5));
  }

  private static LogFormats.Compiled jsonFormat() {
    return LogFormats.of(
        Map.of("log-format-upstream", JSON_FORMAT, "log-format-escape-json", "true"));
  }

  /** The one line of {@code file} for {@code path}, parsed; every line of the file must parse. */
  private static AccessLogEntry awaitEntry(String file, LogFormats.Compiled format, String path) {
    assertThat(format.error()).isNull();
    return Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> {
              Path log = dir.resolve(file);
              List<String> lines = Files.isRegularFile(log) ? Files.readAllLines(log) : List.of();
              for (String line : lines) {
                LogParse p = format.format().parse(line);
                assertThat(p).as(line).isInstanceOf(LogParse.Parsed.class);
                AccessLogEntry e = ((LogParse.Parsed) p).entry();
                if (path.equals(e.path())) {
                  return Optional.of(e);
                }
              }
              return Optional.<AccessLogEntry>empty();
            },
            Optional::isPresent)
        .orElseThrow();
  }

  private static List<ErrorLogEntry> errorEntries() {
    return nginx
        .log()
        .lines()
        .map(l -> ErrorLogParser.parse(l, ZoneId.systemDefault()))
        .flatMap(Optional::stream)
        .toList();
  }

  private static String headFor(String target) {
    return backend.heads().stream()
        .filter(h -> h.startsWith("GET " + target + " "))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("the backend got no " + target + ": " + backend.heads()));
  }

  /** nginx as ingress-nginx's template sets it up, for one backend (nginx.tmpl). */
  private static String config(int port, int upstream) {
    String proxy =
        "proxy_http_version 1.1;\n"
            + "proxy_set_header Upgrade $http_upgrade;\n"
            + "proxy_set_header Connection $connection_upgrade;\n"
            + "proxy_set_header X-Request-ID $req_id;\n"
            + "set $proxy_alternative_upstream_name \"\";\n"
            + "proxy_pass http://127.0.0.1:"
            + upstream
            + ";\n";
    return Nginx.mainContext(dir, "info")
        + "http {\n"
        + Nginx.tempPaths(dir)
        + "log_format upstreaminfo '"
        + LogFormats.DEFAULT_UPSTREAM
        + "';\n"
        + "log_format upstreaminfo_json escape=json '"
        + LogFormats.DEFAULT_UPSTREAM
        + "';\n"
        + "log_format custom_json escape=json '"
        + JSON_FORMAT
        + "';\n"
        + "access_log "
        + dir.resolve("access.log")
        + " upstreaminfo;\n"
        + "access_log "
        + dir.resolve("access-escjson.log")
        + " upstreaminfo_json;\n"
        + "access_log "
        + dir.resolve("access-json.log")
        + " custom_json;\n"
        + "map $http_x_request_id $req_id { default $http_x_request_id; \"\" $request_id; }\n"
        + "map $http_upgrade $connection_upgrade { default upgrade; '' close; }\n"
        + "server {\n listen 127.0.0.1:"
        + port
        + ";\n set $proxy_upstream_name \"-\";\n"
        + " location / {\n set $proxy_upstream_name \"default-echo-8080\";\n"
        + proxy
        + " }\n"
        + " location /idle {\n set $proxy_upstream_name \"default-idle-8080\";\n"
        + "proxy_read_timeout 1s;\n"
        + proxy
        + " }\n"
        + "}\n}\n";
  }
}
