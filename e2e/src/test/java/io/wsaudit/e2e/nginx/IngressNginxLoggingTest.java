package io.wsaudit.e2e.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.wsaudit.operator.proxy.ingressnginx.LogFormats;
import io.wsaudit.operator.proxy.nginx.log.AccessLogEntry;
import io.wsaudit.operator.proxy.nginx.log.LogParse;
import io.wsaudit.testkit.kube.KubeFixtures;
import io.wsaudit.testkit.kube.MockApiServer;
import io.wsaudit.testkit.nginx.Nginx;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The model logs as ingress-nginx does, through a real nginx: the default {@code upstreaminfo} line
 * with {@code [namespace-service-port]} and the {@code $req_id} the backend got as {@code
 * X-Request-ID}; a {@code log-format-upstream} in the ConfigMap replaces the format on reload.
 */
class IngressNginxLoggingTest {

  /** config.go's default format, its fields as a line shows them. */
  private static final Pattern DEFAULT_LINE =
      Pattern.compile(
          "^127\\.0\\.0\\.1 - - \\[[^]]+] \"GET /x HTTP/1\\.1\" 200 2 \"-\" \"probe\" \\d+"
              + " [0-9.]+ \\[(?<upstream>[^]]*)] \\[(?<alt>[^]]*)] (?<addr>\\S+) 2 [0-9.]+ 200"
              + " (?<reqid>[0-9a-f]{32})$");

  @Test
  void logsTheDefaultFormatThenTheConfigMapsOwn() throws Exception {
    Assumptions.assumeTrue(Nginx.binary() != null, "nginx is not installed");
    List<String> requestIds = new CopyOnWriteArrayList<>();
    HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext(
        "/",
        ex -> {
          requestIds.add(ex.getRequestHeaders().getFirst("X-Request-ID"));
          ex.sendResponseHeaders(200, 2);
          ex.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
          ex.close();
        });
    upstream.start();
    Path dir = Files.createTempDirectory("wsaudit-e2e-logging-test");
    int upstreamPort = upstream.getAddress().getPort();
    try (MockApiServer api = MockApiServer.start();
        IngressNginxController c =
            IngressNginxControllerTest.model(api.client(), upstreamPort, dir, Map.of())) {
      KubernetesClient client = api.client();
      get(c.port(), "");
      String line = awaitLine(c.accessLog(), 1);
      Matcher m = DEFAULT_LINE.matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      // The Ingress names the Service port (80), not the pod's: upstreamName in
      // internal/ingress/controller/util.go.
      assertThat(m.group("upstream")).isEqualTo("shop-a-80");
      assertThat(m.group("alt")).isEmpty();
      assertThat(m.group("addr")).isEqualTo("127.0.0.1:" + upstreamPort);
      assertThat(requestIds).containsExactly(m.group("reqid"));
      // The operator reads the model's line as it would the controller's.
      LogParse parsed = LogFormats.of(Map.of()).format().parse(line);
      assertThat(parsed).isInstanceOf(LogParse.Parsed.class);
      AccessLogEntry entry = ((LogParse.Parsed) parsed).entry();
      assertThat(entry.upstreamName()).isEqualTo("shop-a-80");
      assertThat(entry.requestId()).isEqualTo(m.group("reqid"));
      assertThat(entry.lastUpstream()).isEqualTo("127.0.0.1:" + upstreamPort);

      // A client's own X-Request-ID is kept, logged and passed on (nginx.tmpl's $req_id map).
      get(c.port(), "X-Request-ID: from-the-client\r\n");
      assertThat(awaitLine(c.accessLog(), 2)).endsWith(" 200 from-the-client");
      assertThat(requestIds).last().isEqualTo("from-the-client");

      KubeFixtures.configMap(
          client,
          "ingress-nginx",
          "ingress-nginx-controller",
          Map.of(
              "log-format-upstream",
              "$status $request_time $proxy_upstream_name \"$http_upgrade\" $req_id",
              "error-log-level",
              "info"));
      await().atMost(Duration.ofSeconds(10)).until(() -> c.reloads().size() == 1);
      assertThat(c.current().config()).contains("error_log " + dir.resolve("error.log") + " info;");
      await().atMost(Duration.ofSeconds(10)).until(() -> c.servedGeneration() == c.generation());
      get(c.port(), "Upgrade: websocket\r\n");
      assertThat(awaitLine(c.accessLog(), 3))
          .matches("^200 [0-9.]+ shop-a-80 \"websocket\" [0-9a-f]{32}$");
    } finally {
      upstream.stop(0);
      io.wsaudit.e2e.stage.Stage.deleteTree(dir);
    }
  }

  /** The access log's line number {@code n} (from 1), once nginx has written it. */
  private static String awaitLine(Path log, int n) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> Files.isRegularFile(log) ? Files.readAllLines(log) : List.<String>of(),
            lines -> lines.size() >= n)
        .get(n - 1);
  }

  private static void get(int port, String extraHeaders) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream()
          .write(
              ("GET /x HTTP/1.1\r\nHost: a.example\r\nUser-Agent: probe\r\n"
                      + extraHeaders
                      + "Connection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      s.getInputStream().readAllBytes();
    }
  }
}
