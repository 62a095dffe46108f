package io.wsaudit.bench.operator;

import io.wsaudit.bench.OtlpSink;
import io.wsaudit.operator.WsAuditOperator;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.config.OperatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OTLP/HTTP ingestion: the same pre-encoded mix (95 % other instrumentations' spans, 5 % wsaudit
 * handshake/close pairs that correlate with a real Ingress under an Observe policy) posted by the
 * same client to the operator's real receiver and, as the baseline, to {@link OtlpSink} (a JDK
 * HttpServer that only counts), interleaved.
 */
public final class IngestBench implements AutoCloseable {

  static final String NS = "shop";
  static final String POD = "shop-api-0";
  static final String HOST = "shop.example.com";

  /** One timed phase against one receiver. */
  public record Run(
      String target, boolean gzip, int rep, OtlpLoad.Result load, OpsMetrics counted) {}

  private final MockCluster cluster;
  private final WsAuditOperator operator;
  private final OtlpSink sink;
  private final List<SpanMix.Batch> batches;

  public IngestBench(int distinctBatches, int batchSize) throws Exception {
    cluster = new MockCluster();
    cluster.app(cluster.client(), NS, "shop-api", "10.42.0.7");
    MockCluster.ingress(cluster.client(), NS, "shop", HOST, "shop-api", Map.of());
    cluster.policy(NS, "audit", Mode.Observe, 3);
    operator =
        new WsAuditOperator(
                OperatorConfig.defaults().withPorts("127.0.0.1", 0, 0, 0), cluster.client())
            .start();
    Poll.until(
        "operator caches hold the app and its Ingress",
        Duration.ofSeconds(30),
        () -> {
          var pod = operator.clusterIndex().pod(NS, POD);
          return pod != null
              && pod.getStatus() != null
              && pod.getStatus().getPodIP() != null
              && !operator.clusterIndex().servicesOf(pod).isEmpty()
              && operator.clusterIndex().ingress(NS, "shop") != null;
        });
    // The baseline gets as many handler threads as the operator's receiver (4).
    sink = new OtlpSink(4);
    // Healthy connections (open 30 s, HTTP/1.1): they correlate and are filed as evidence, but
    // raise no finding.
    batches = new SpanMix(7, NS, POD, HOST, "1.1", 30_000).batches(distinctBatches, batchSize);
  }

  public List<SpanMix.Batch> batches() {
    return batches;
  }

  public String operatorEndpoint() {
    return "http://127.0.0.1:" + operator.otlpHttpPort() + "/v1/traces";
  }

  public String sinkEndpoint() {
    return sink.endpoint() + "/v1/traces";
  }

  /** The operator's counters now. */
  public OpsMetrics operatorCounts() throws Exception {
    return OpsMetrics.scrape(operator.httpPort());
  }

  /** Both receivers, protobuf and gzip, order rotating with the repetition. */
  public List<Run> repetition(int rep, int workers, Duration phase) throws Exception {
    List<Run> out = new ArrayList<>();
    List<Boolean> encodings = List.of(false, true);
    for (boolean gzip : encodings) {
      List<String> order = rep % 2 == 0 ? List.of("operator", "sink") : List.of("sink", "operator");
      for (String target : order) {
        out.add(phase(target, gzip, rep, workers, phase));
      }
    }
    return out;
  }

  Run phase(String target, boolean gzip, int rep, int workers, Duration phase) throws Exception {
    boolean op = target.equals("operator");
    OpsMetrics before = op ? operatorCounts() : null;
    sink.reset();
    OtlpLoad.Result r =
        OtlpLoad.run(op ? operatorEndpoint() : sinkEndpoint(), batches, gzip, workers, phase);
    OpsMetrics counted;
    if (op) {
      counted = operatorCounts().minus(before);
    } else {
      // The sink's own counts, in the operator's terms: every span received, the non-wsaudit ones
      // "skipped".
      counted = new OpsMetrics(sink.wsauditSpans() + sink.otherSpans(), sink.otherSpans(), 0, 0, 0);
    }
    return new Run(target, gzip, rep, r, counted);
  }

  @Override
  public void close() {
    sink.close();
    operator.close();
    cluster.close();
  }
}
