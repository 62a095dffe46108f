package io.wsaudit.e2e.nginx;

import static io.wsaudit.e2e.model.ProxyModelController.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.wsaudit.testkit.kube.KubeFixtures;
import io.wsaudit.testkit.kube.KubeObjects;
import io.wsaudit.testkit.kube.MockApiServer;
import io.wsaudit.testkit.nginx.Nginx;
import io.wsaudit.testkit.process.Ports;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The model as a controller: a real nginx configured from the mock API server's objects, reloaded
 * when an Ingress changes, and the reload takes effect (the upstream sees the new {@code
 * proxy_http_version}); a timeout annotation reloads too.
 */
class IngressNginxControllerTest {

  @Test
  void anIngressChangeReloadsNginxAndTakesEffect() throws Exception {
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(Nginx.binary() != null, "nginx is not installed");
    }
    List<String> seen = new CopyOnWriteArrayList<>();
    // An upstream that answers with the HTTP version of the request it got from nginx.
    com.sun.net.httpserver.HttpServer upstream =
        com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext(
        "/",
        ex -> {
          seen.add(ex.getProtocol());
          byte[] body = ex.getProtocol().getBytes();
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    upstream.start();
    java.nio.file.Path dir = Files.createTempDirectory("wsaudit-e2e-model-test");
    try (MockApiServer api = MockApiServer.start();
        IngressNginxController c =
            model(
                api.client(),
                upstream.getAddress().getPort(),
                dir,
                Map.of("nginx.ingress.kubernetes.io/proxy-http-version", "1.0"))) {
      KubernetesClient client = api.client();
      int port = c.port();
      assertThat(get(port, "a.example")).isEqualTo("HTTP/1.0");
      assertThat(c.current().config()).contains("proxy_http_version 1.0;");

      annotate(client, Map.of("nginx.ingress.kubernetes.io/proxy-http-version", "1.1"));
      await().atMost(Duration.ofSeconds(10)).until(() -> c.reloads().size() == 1);
      assertThat(c.reloads().get(0).removed()).contains("proxy_http_version 1.0;");
      assertThat(c.reloads().get(0).added()).contains("proxy_http_version 1.1;");
      assertThat(c.servedGeneration()).isEqualTo(2);
      assertThat(get(port, "a.example")).isEqualTo("HTTP/1.1");
      // an unknown host goes to the default server
      assertThat(status(port, "nobody.example")).isEqualTo(404);

      // The idle timeouts are location settings too: changing them reloads.
      annotate(
          client,
          Map.of(
              "nginx.ingress.kubernetes.io/proxy-read-timeout", "3",
              "nginx.ingress.kubernetes.io/proxy-send-timeout", "3"));
      await().atMost(Duration.ofSeconds(10)).until(() -> c.reloads().size() == 2);
      assertThat(c.reloads().get(1).removed())
          .containsExactlyInAnyOrder("proxy_read_timeout 60s;", "proxy_send_timeout 60s;");
      assertThat(c.reloads().get(1).added())
          .containsExactlyInAnyOrder("proxy_read_timeout 3s;", "proxy_send_timeout 3s;");
      assertThat(c.servedGeneration()).isEqualTo(3);
    } finally {
      upstream.stop(0);
      io.wsaudit.e2e.stage.Stage.deleteTree(dir);
    }
  }

  /**
   * The model as a controller for the Ingress shop/i (a.example, "/", these annotations) to the
   * Service shop/a, whose one endpoint is 127.0.0.1:{@code upstreamPort}; nginx started.
   */
  static IngressNginxController model(
      KubernetesClient client,
      int upstreamPort,
      java.nio.file.Path dir,
      Map<String, String> annotations)
      throws java.io.IOException {
    KubeFixtures.ingressClass(client, "nginx", "k8s.io/ingress-nginx");
    KubeFixtures.service(client, "shop", "a", upstreamPort);
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("shop")
        .resource(KubeObjects.endpointSlice("shop", "a", upstreamPort, "127.0.0.1"))
        .create();
    IngressNginxModelTest.ingress("i", "a").annotations(annotations).create(client);
    return started(
        new IngressNginxController(
            client,
            "k8s.io/ingress-nginx",
            "ingress-nginx",
            "ingress-nginx-controller",
            dir,
            Ports.free()));
  }

  /** Adds annotations to the Ingress shop/i, as a user's kubectl would. */
  private static void annotate(KubernetesClient client, Map<String, String> annotations) {
    KubeFixtures.annotate(client, "shop", "i", annotations);
  }

  private static HttpResponse<String> send(int port, String host) throws Exception {
    // java.net.http does not allow setting Host; a raw request does.
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.getOutputStream()
          .write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes());
      String all = new String(s.getInputStream().readAllBytes());
      int status = Integer.parseInt(all.split(" ")[1]);
      String body = all.substring(all.indexOf("\r\n\r\n") + 4);
      return new Raw(status, body);
    }
  }

  private static String get(int port, String host) throws Exception {
    return send(port, host).body();
  }

  private static int status(int port, String host) throws Exception {
    return send(port, host).statusCode();
  }

  /** Just enough of an HttpResponse. */
  private record Raw(int statusCode, String body) implements HttpResponse<String> {
    public HttpRequest request() {
      return null;
    }

    public java.util.Optional<HttpResponse<String>> previousResponse() {
      return java.util.Optional.empty();
    }

    public java.net.http.HttpHeaders headers() {
      return null;
    }

    public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
      return java.util.Optional.empty();
    }

    public URI uri() {
      return null;
    }

    public HttpClient.Version version() {
      return HttpClient.Version.HTTP_1_1;
    }
  }
}
