package io.wsaudit.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.wsaudit.testkit.kube.MockApiServer;
import io.wsaudit.testkit.process.ClassPaths;
import io.wsaudit.testkit.process.ForkedJvm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line: flags and their defaults, and the real main in a separate JVM configured only
 * by WSAUDIT_* environment variables and a KUBECONFIG (Fabric8's standard resolution) pointing at
 * the mock API server.
 */
@Timeout(90)
class OperatorProcessTest {

  @Test
  void flagsOverrideTheDocumentedDefaults() {
    WsAuditOperatorMain defaults = new WsAuditOperatorMain();
    new CommandLine(defaults).parseArgs();
    var d = defaults.toConfig();
    assertThat(d.otlpHttpPort()).isEqualTo(4318);
    assertThat(d.otlpGrpcPort()).isEqualTo(4317);
    assertThat(d.httpPort()).isEqualTo(8080);
    assertThat(d.otlpMaxBodyBytes()).isEqualTo(4 * 1024 * 1024);
    assertThat(d.otlpBearerToken()).isEmpty();
    assertThat(d.watchNamespaces()).isEmpty();
    assertThat(d.controller().namespace()).isEqualTo("ingress-nginx");
    assertThat(d.controller().configMap()).isEqualTo("ingress-nginx-controller");
    assertThat(d.controller().annotationPrefix()).isEqualTo("nginx.ingress.kubernetes.io");
    assertThat(d.controller().controllerClass()).isEqualTo("k8s.io/ingress-nginx");
    assertThat(d.leaderElection()).isFalse();
    assertThat(d.patchInterval()).isEqualTo(Duration.ofMinutes(10));

    WsAuditOperatorMain flags = new WsAuditOperatorMain();
    new CommandLine(flags)
        .parseArgs(
            "--otlp-http-port=0",
            "--otlp-grpc-port",
            "0",
            "--http-port=9090",
            "--watch-namespaces=shop, blog",
            "--controller-namespace=edge",
            "--controller-configmap=edge-nginx",
            "--annotation-prefix=edge.example.com",
            "--controller-class=example.com/edge",
            "--leader-election",
            "--otlp-bearer-token=t0ken",
            "--otlp-max-body-bytes=1024",
            "--patch-interval=1h30m",
            "--grace-period=90s");
    var f = flags.toConfig();
    assertThat(f.otlpHttpPort()).isZero();
    assertThat(f.httpPort()).isEqualTo(9090);
    assertThat(f.watchNamespaces()).containsExactlyInAnyOrder("shop", "blog");
    assertThat(f.controller().annotation("proxy-http-version"))
        .isEqualTo("edge.example.com/proxy-http-version");
    assertThat(f.controller().controllerClass()).isEqualTo("example.com/edge");
    assertThat(f.leaderElection()).isTrue();
    assertThat(f.otlpBearerToken()).contains("t0ken");
    assertThat(f.otlpMaxBodyBytes()).isEqualTo(1024);
    assertThat(f.patchInterval()).isEqualTo(Duration.ofMinutes(90));
    assertThat(f.gracePeriod()).isEqualTo(Duration.ofSeconds(90));
    assertThat(new CommandLine(new WsAuditOperatorMain()).getUsageMessage())
        .contains(
            "WSAUDIT_OTLP_HTTP_PORT",
            "WSAUDIT_OTLP_GRPC_PORT",
            "WSAUDIT_HTTP_PORT",
            "WSAUDIT_WATCH_NAMESPACES",
            "WSAUDIT_LEADER_ELECTION",
            "WSAUDIT_CONTROLLER_NAMESPACE",
            "WSAUDIT_CONTROLLER_CONFIGMAP",
            "WSAUDIT_ANNOTATION_PREFIX",
            "WSAUDIT_CONTROLLER_CLASS");
  }

  @Test
  void mainRunsFromEnvironmentAlone_withLeaderElection_andServesProbesAndMetrics(@TempDir Path dir)
      throws Exception {
    // As admin: JOSDK checks its RBAC for Leases with a SelfSubjectRulesReview before electing.
    try (MockApiServer api =
            MockApiServer.startAsAdmin()
                .withCrd(
                    getClass()
                        .getResourceAsStream(
                            "/META-INF/fabric8/websocketauditpolicies.wsaudit.io-v1.yml"));
        ForkedJvm operator =
            operator()
                .env(
                    Map.of(
                        "KUBECONFIG", api.kubeconfig(dir, "wsaudit-system").toString(),
                        "WSAUDIT_BIND_ADDRESS", "127.0.0.1",
                        "WSAUDIT_OTLP_HTTP_PORT", "0",
                        "WSAUDIT_OTLP_GRPC_PORT", "0",
                        "WSAUDIT_HTTP_PORT", "0",
                        "WSAUDIT_LEADER_ELECTION", "true",
                        "WSAUDIT_LOG_LEVEL", "INFO"))
                .start()) {
      Matcher m =
          operator.awaitLine(
              Pattern.compile("OTLP/HTTP (\\d+), OTLP/gRPC (\\d+), health and metrics (\\d+)"),
              Duration.ofSeconds(60));
      int opsPort = Integer.parseInt(m.group(3));
      HttpClient http = HttpClient.newHttpClient();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> get(http, opsPort, "/readyz").statusCode() == 200);
      assertThat(get(http, opsPort, "/healthz").statusCode()).isEqualTo(200);
      int otlpPort = Integer.parseInt(m.group(1));
      HttpResponse<String> garbage =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + otlpPort + "/v1/traces"))
                  .header("Content-Type", "application/x-protobuf")
                  .timeout(Duration.ofSeconds(5))
                  .POST(HttpRequest.BodyPublishers.ofString("garbage"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(garbage.statusCode()).isEqualTo(400);
      HttpResponse<String> metrics = get(http, opsPort, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains(
              "wsaudit_otlp_requests_rejected_total{reason=\"bad_request\",signal=\"traces\",transport=\"http\"} 1.0",
              "wsaudit_observations_uncorrelated_total 0.0");
      // Leader election took the Lease, in the namespace of the kubeconfig context.
      var lease = api.client().resources(Lease.class).inNamespace("wsaudit-system");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> lease.withName("wsaudit-operator").get() != null);
      assertThat(lease.withName("wsaudit-operator").get().getSpec().getHolderIdentity())
          .isNotBlank();
      // SIGTERM ends it by itself, leader election on: giving the Lease up while stopping is not a
      // lost Lease (JOSDK's own exit would block inside the shutdown hook until SIGKILL).
      assertThat(operator.terminate(Duration.ofSeconds(15)))
          .as("exit code after SIGTERM")
          .isPresent();
    }
  }

  /**
   * The operator's JVM: here the main class on the test class path, with the production logging.
   */
  protected ForkedJvm.Builder operator() {
    return ForkedJvm.builder("operator", WsAuditOperatorMain.class.getName())
        .classPath(ClassPaths.current())
        .jvmArg("-Dlogback.configurationFile=logback.xml");
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
