package io.wsaudit.e2e.f5nginx;

import static io.wsaudit.e2e.model.ProxyModelController.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.wsaudit.e2e.stage.Stage;
import io.wsaudit.operator.proxy.ControllerSettings;
import io.wsaudit.operator.proxy.ProxyKind;
import io.wsaudit.testkit.kube.IngressDraft;
import io.wsaudit.testkit.kube.KubeFixtures;
import io.wsaudit.testkit.kube.KubeObjects;
import io.wsaudit.testkit.kube.MockApiServer;
import io.wsaudit.testkit.nginx.Nginx;
import io.wsaudit.testkit.process.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The F5 model as a controller in front of a real nginx: what the backend receives of a client's
 * upgrade request with and without {@code nginx.org/websocket-services}, and that a snippet which
 * tries {@code proxy_http_version 1.0} cannot take effect.
 */
class F5NginxControllerTest {

  private static final ControllerSettings F5 = ControllerSettings.defaults(ProxyKind.F5_NGINX);

  /** What the backend last received: "HTTP/1.1 connection=… upgrade=…". */
  private final AtomicReference<String> seen = new AtomicReference<>();

  private HttpServer upstream;
  private MockApiServer api;
  private KubernetesClient client;
  private Path dir;

  @BeforeEach
  void start() throws IOException {
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(Nginx.binary() != null, "nginx is not installed");
    }
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext(
        "/",
        ex -> {
          seen.set(
              ex.getProtocol()
                  + " connection="
                  + ex.getRequestHeaders().getFirst("Connection")
                  + " upgrade="
                  + ex.getRequestHeaders().getFirst("Upgrade"));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    upstream.start();
    api = MockApiServer.start();
    client = api.client();
    dir = Files.createTempDirectory("wsaudit-e2e-f5-test");
    KubeFixtures.ingressClass(client, "nginx", F5NginxModel.CONTROLLER);
    KubeFixtures.service(client, "shop", "chat", upstream.getAddress().getPort());
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("shop")
        .resource(
            KubeObjects.endpointSlice("shop", "chat", upstream.getAddress().getPort(), "127.0.0.1"))
        .create();
    IngressDraft.of("shop", "chat").host("chat.example").create(client);
  }

  @AfterEach
  void stop() {
    api.close();
    upstream.stop(0);
    Stage.deleteTree(dir);
  }

  @Test
  void theUpgradeReachesTheBackendOnlyOnceTheServiceIsListed() throws Exception {
    try (F5NginxController c =
        started(new F5NginxController(client, F5, false, dir, Ports.free()))) {
      assertThat(upgradeRequest(c.port())).isEqualTo(204);
      // nginx drops the hop-by-hop Upgrade and sends its own "Connection: close"
      assertThat(seen.get()).isEqualTo("HTTP/1.1 connection=close upgrade=null");

      KubeFixtures.annotate(client, "shop", "chat", Map.of("nginx.org/websocket-services", "chat"));
      await().atMost(Duration.ofSeconds(10)).until(() -> c.reloads().size() == 1);
      assertThat(c.reloads().get(0).added())
          .containsExactly(
              "proxy_set_header Upgrade $http_upgrade;",
              "proxy_set_header Connection $connection_upgrade;");
      assertThat(upgradeRequest(c.port())).isEqualTo(204);
      assertThat(seen.get()).isEqualTo("HTTP/1.1 connection=upgrade upgrade=websocket");

      // The timeouts are location settings: a change reloads with the parsed nginx time.
      KubeFixtures.annotate(client, "shop", "chat", Map.of("nginx.org/proxy-read-timeout", "3"));
      await().atMost(Duration.ofSeconds(10)).until(() -> c.reloads().size() == 2);
      assertThat(c.reloads().get(1).removed()).containsExactly("proxy_read_timeout 60s;");
      assertThat(c.reloads().get(1).added()).containsExactly("proxy_read_timeout 3s;");
    }
  }

  /**
   * The only way to HTTP/1.0 upstream through F5 NIC's Ingress template is a snippet, which needs
   * {@code -enable-snippets}; nginx then rejects the configuration ("directive is duplicate"), the
   * running one stays, and the backend keeps getting HTTP/1.1.
   */
  @Test
  void aSnippetCannotMakeNginxSpeakHttp10() throws Exception {
    try (F5NginxController c =
        started(new F5NginxController(client, F5, true, dir, Ports.free()))) {
      KubeFixtures.annotate(
          client, "shop", "chat", Map.of("nginx.org/location-snippets", "proxy_http_version 1.0;"));
      await().atMost(Duration.ofSeconds(10)).until(() -> c.lastError().isPresent());
      assertThat(c.lastError().orElseThrow())
          .contains("\"proxy_http_version\" directive is duplicate");
      assertThat(c.reloads()).isEmpty();
      assertThat(c.servedGeneration()).isEqualTo(1);
      assertThat(upgradeRequest(c.port())).isEqualTo(204);
      assertThat(seen.get()).startsWith("HTTP/1.1 ");
    }
  }

  /** A client's upgrade request through nginx; the status nginx answers. */
  private static int upgradeRequest(int port) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5_000);
      s.getOutputStream()
          .write(
              ("GET /ws HTTP/1.1\r\nHost: chat.example\r\nUpgrade: websocket\r\n"
                      + "Connection: Upgrade\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String head = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(head.substring(9, 12));
    }
  }
}
