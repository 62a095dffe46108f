package io.wsaudit.bench.operator;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.wsaudit.operator.WsAuditOperator;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.config.OperatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Time from the evidence threshold being reached to the Ingress patch landing on the API server: an
 * ingress-nginx controller ConfigMap with {@code proxy-http-version: "1.0"}, an Enforce policy
 * needing {@code minConnections} failed connections, and per repetition a fresh app and Ingress.
 * Spans for one connection fewer than the threshold go first; then, with a watch open on the
 * Ingress, the request carrying the connection that crosses it: the time is from just before that
 * request is sent until the watch event showing {@code proxy-http-version: "1.1"}. Baseline: the
 * same annotation set by a plain JSON merge patch from this client on another fresh Ingress, timed
 * to the patch's response and to its watch event.
 */
public final class PatchLatencyBench implements AutoCloseable {

  static final String NS = "chat";
  static final String ANNOTATION = MockCluster.PREFIX + "proxy-http-version";

  /** One repetition, in milliseconds: operator (send → watch event) and the baseline patch. */
  public record Run(
      int rep,
      double thresholdToEventMs,
      double sendReturnedMs,
      double baselinePatchMs,
      double baselineEventMs) {}

  private final MockCluster cluster;
  private final WsAuditOperator operator;
  private final int minConnections;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  public PatchLatencyBench(int minConnections) throws Exception {
    this.minConnections = minConnections;
    cluster = new MockCluster();
    cluster.controllerConfigMap(Map.of("proxy-http-version", "1.0"));
    cluster.policy(NS, "audit", Mode.Enforce, minConnections);
    // Every repetition patches a fresh Ingress of the same controller: the per-controller patch
    // interval (10 min by
    // default, so nginx is not reloaded in a loop) is set to 1 ms here, or only the first
    // repetition would patch.
    operator =
        new WsAuditOperator(
                OperatorConfig.defaults()
                    .withPorts("127.0.0.1", 0, 0, 0)
                    .withTiming(
                        Duration.ofMillis(1), Duration.ofMinutes(2), Duration.ofSeconds(30)),
                cluster.client())
            .start();
  }

  public Run repetition(int rep) throws Exception {
    KubernetesClient c = cluster.client();
    String app = "chat" + rep;
    String ip = "10.43." + (rep / 250) + "." + (1 + rep % 250);
    cluster.app(c, NS, app, ip);
    String host = app + ".example.com";
    MockCluster.ingress(c, NS, app, host, app, Map.of());
    Poll.until(
        "operator caches hold " + app,
        Duration.ofSeconds(30),
        () -> {
          var pod = operator.clusterIndex().pod(NS, app + "-0");
          return pod != null
              && pod.getStatus() != null
              && ip.equals(pod.getStatus().getPodIP())
              && !operator.clusterIndex().servicesOf(pod).isEmpty()
              && operator.clusterIndex().ingress(NS, app) != null;
        });
    SpanMix mix = new SpanMix(rep, NS, app + "-0", host, "1.0", 5);
    SpanMix.Batch below = mix.batch(2 * (minConnections - 1), 2 * (minConnections - 1));
    SpanMix.Batch crossing = mix.batch(2, 2);
    post(below);
    // Let the reconcile that the evidence below the threshold triggered finish, so the measured one
    // starts idle.
    Thread.sleep(500);
    if (!annotation(app).isEmpty()) {
      throw new IllegalStateException("patched below the threshold: " + annotation(app));
    }

    CompletableFuture<Long> patched = new CompletableFuture<>();
    long sent;
    long returned;
    try (Watch w = watch(app, "1.1", patched)) {
      sent = System.nanoTime();
      post(crossing);
      returned = System.nanoTime();
      patched.get(30, TimeUnit.SECONDS);
    }
    double operatorMs = (patched.get() - sent) / 1e6;

    // Baseline: the same annotation, a plain merge patch, on a fresh Ingress of the same kind.
    String base = "base" + rep;
    MockCluster.ingress(c, NS, base, base + ".example.com", app, Map.of());
    CompletableFuture<Long> seen = new CompletableFuture<>();
    long patchStart;
    long patchEnd;
    try (Watch w = watch(base, "1.1", seen)) {
      patchStart = System.nanoTime();
      c.network()
          .v1()
          .ingresses()
          .inNamespace(NS)
          .withName(base)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"annotations\":{\"" + ANNOTATION + "\":\"1.1\"}}}");
      patchEnd = System.nanoTime();
      seen.get(30, TimeUnit.SECONDS);
    }
    return new Run(
        rep,
        operatorMs,
        (returned - sent) / 1e6,
        (patchEnd - patchStart) / 1e6,
        (seen.get() - patchStart) / 1e6);
  }

  private String annotation(String ingress) {
    Ingress i = cluster.client().network().v1().ingresses().inNamespace(NS).withName(ingress).get();
    Map<String, String> a = i.getMetadata().getAnnotations();
    return a == null || a.get(ANNOTATION) == null ? "" : a.get(ANNOTATION);
  }

  /**
   * A watch on one Ingress that completes {@code done} with the arrival time of the event showing
   * the value.
   */
  private Watch watch(String ingress, String value, CompletableFuture<Long> done) {
    return cluster
        .client()
        .network()
        .v1()
        .ingresses()
        .inNamespace(NS)
        .withName(ingress)
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, Ingress i) {
                Map<String, String> a = i.getMetadata().getAnnotations();
                if (a != null && value.equals(a.get(ANNOTATION))) {
                  done.complete(System.nanoTime());
                }
              }

              @Override
              public void onClose(WatcherException cause) {
                done.completeExceptionally(cause);
              }
            });
  }

  private void post(SpanMix.Batch b) throws Exception {
    HttpResponse<Void> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + operator.otlpHttpPort() + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(b.protobuf()))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("operator answered " + r.statusCode());
    }
  }

  /**
   * The operator's counters (patches made, spans uncorrelated), to check that each repetition
   * patched once.
   */
  public OpsMetrics operatorCounts() throws Exception {
    return OpsMetrics.scrape(operator.httpPort());
  }

  @Override
  public void close() {
    operator.close();
    cluster.close();
  }
}
