package io.wsaudit.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.wsaudit.operator.WsAuditOperator;
import io.wsaudit.operator.config.OperatorConfig;
import io.wsaudit.operator.correlation.ClusterIndex;
import io.wsaudit.testkit.kube.MockApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: a Fabric8 mock API server in CRUD mode on 127.0.0.1 with the wsaudit CRD
 * installed, and the real operator running in the test JVM against it with every listener on a free
 * port. One of each per test, so tests cannot see each other's Ingresses, evidence or rate-limit
 * state.
 */
public final class OperatorHarness implements BeforeEachCallback, AfterEachCallback {

  private final UnaryOperator<OperatorConfig> configure;
  private MockApiServer api;
  private KubernetesClient client;
  private WsAuditOperator operator;
  private Cluster cluster;
  private final List<WsAuditOperator> replicas = new ArrayList<>();

  private OperatorHarness(UnaryOperator<OperatorConfig> configure) {
    this.configure = configure;
  }

  /**
   * Tests run with short timings so that grace periods and resyncs happen within a test's bounded
   * waits.
   */
  public static OperatorHarness withConfig(UnaryOperator<OperatorConfig> configure) {
    return new OperatorHarness(configure);
  }

  public static OperatorConfig testDefaults() {
    return OperatorConfig.defaults()
        .withPorts("127.0.0.1", 0, 0, 0)
        .withTiming(Duration.ofMinutes(10), Duration.ofMillis(500), Duration.ofMillis(300));
  }

  /** The test timings without the per-controller patch interval: every patch may go at once. */
  public static OperatorConfig noPatchInterval(OperatorConfig c) {
    return c.withTiming(Duration.ZERO, Duration.ofMillis(500), Duration.ofMillis(300));
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    api =
        MockApiServer.startAsAdmin()
            .withCrd(
                getClass()
                    .getResourceAsStream(
                        "/META-INF/fabric8/websocketauditpolicies.wsaudit.io-v1.yml"));
    client = api.client();
    cluster = new Cluster(client);
    cluster.ingressClass("nginx", "k8s.io/ingress-nginx");
    cluster.ingressClass("traefik", "traefik.io/ingress-controller");
    operator = new WsAuditOperator(configure.apply(testDefaults()), client).start();
  }

  /** Starts one more operator process-alike (a second replica) against the same API server. */
  public WsAuditOperator startReplica(UnaryOperator<OperatorConfig> configure) throws Exception {
    WsAuditOperator replica = new WsAuditOperator(configure.apply(testDefaults()), api.newClient());
    replicas.add(replica);
    return replica.start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    replicas.forEach(WsAuditOperator::close);
    if (operator != null) {
      operator.close();
    }
    if (api != null) {
      api.close();
    }
  }

  /** The mock API server, e.g. for token reviews. */
  public MockApiServer api() {
    return api;
  }

  /** The mock API server, e.g. to read the requests it received ({@code takeRequest}). */
  public KubernetesMockServer server() {
    return api.server();
  }

  public KubernetesClient client() {
    return client;
  }

  public WsAuditOperator operator() {
    return operator;
  }

  public Cluster cluster() {
    return cluster;
  }

  /**
   * A sender over OTLP/HTTP (gzip); first waits until the operator's caches hold what the test
   * created.
   */
  public OtlpSender http() {
    awaitIndexed();
    return OtlpSender.http(operator.otlpHttpPort(), "gzip");
  }

  /**
   * A sender over OTLP/gRPC; first waits until the operator's caches hold what the test created.
   */
  public OtlpSender grpc() {
    awaitIndexed();
    return OtlpSender.grpc(operator.otlpGrpcPort(), "none");
  }

  /** Sends the spans over OTLP/HTTP ({@link #http()}) and asserts the operator accepted them. */
  public void sendOverHttp(List<SpanData> spans) {
    try (OtlpSender sender = http()) {
      assertThat(sender.send(spans)).as("OTLP/HTTP export accepted").isTrue();
    }
  }

  /** Sends the spans over OTLP/gRPC ({@link #grpc()}) and asserts the operator accepted them. */
  public void sendOverGrpc(List<SpanData> spans) {
    try (OtlpSender sender = grpc()) {
      assertThat(sender.send(spans)).as("OTLP/gRPC export accepted").isTrue();
    }
  }

  /**
   * Waits until every Pod (with its IP and Services) and Ingress on the API server is in the
   * operator's informer caches, so that spans sent next can be correlated: the test's writes and
   * the informers' watches race otherwise.
   */
  public void awaitIndexed() {
    ClusterIndex index = operator.clusterIndex();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                client.pods().inAnyNamespace().list().getItems().stream()
                        .allMatch(
                            p -> {
                              Pod cached =
                                  index.pod(
                                      p.getMetadata().getNamespace(), p.getMetadata().getName());
                              return cached != null
                                  && cached.getStatus() != null
                                  && Objects.equals(
                                      cached.getStatus().getPodIP(), p.getStatus().getPodIP())
                                  && !index.servicesOf(cached).isEmpty();
                            })
                    && client.network().v1().ingresses().inAnyNamespace().list().getItems().stream()
                        .allMatch(
                            i -> {
                              Ingress cached =
                                  index.ingress(
                                      i.getMetadata().getNamespace(), i.getMetadata().getName());
                              return cached != null
                                  && cached
                                      .getMetadata()
                                      .getResourceVersion()
                                      .equals(i.getMetadata().getResourceVersion());
                            })
                    && index.ingressClasses().size()
                        == client.network().v1().ingressClasses().list().getItems().size());
  }
}
