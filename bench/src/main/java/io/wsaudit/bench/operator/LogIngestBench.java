package io.wsaudit.bench.operator;

import io.wsaudit.operator.WsAuditOperator;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.config.OperatorConfig;
import io.wsaudit.operator.health.OperatorMetrics;
import io.wsaudit.operator.otlp.LogsIngest;
import io.wsaudit.operator.otlp.OtlpHttpReceiver;
import io.wsaudit.operator.otlp.OtlpIngest;
import io.wsaudit.operator.otlp.admission.Admissions;
import io.wsaudit.operator.trust.Authenticator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Proxy-log ingestion over OTLP/HTTP protobuf: the same pre-encoded access-log exports ({@link
 * LogMix}) posted by the same client to the operator as it is wired (a {@code WsAuditOperator},
 * whatever {@code LogLineSink} it hands the lines to) and, as the baseline, to the same receiver
 * class with a sink that only counts the lines, interleaved.
 */
public final class LogIngestBench implements AutoCloseable {

  /** Distinct pre-encoded requests, cycled through (their sizes cycle 512 … 8192). */
  static final int DISTINCT_BATCHES = 20;

  /**
   * One timed phase against one receiver: the lines its counters took in, those skipped, and those
   * the operator's proxy-log collector read ({@code wsaudit_proxy_log_lines_total}, every result).
   */
  public record Run(
      String target, int rep, OtlpLoad.Result load, double received, double skipped, double read) {}

  private final MockCluster cluster;
  private final WsAuditOperator operator;
  private final OtlpHttpReceiver baseline;
  private final AtomicLong counted = new AtomicLong();
  private final List<SpanMix.Batch> batches;

  public LogIngestBench(int distinctBatches) throws Exception {
    cluster = new MockCluster();
    // The backend the upgrade lines' $proxy_upstream_name (shop-shop-api-8080) names, for a sink
    // that correlates.
    cluster.app(cluster.client(), IngestBench.NS, "shop-api", "10.42.0.7");
    MockCluster.ingress(
        cluster.client(), IngestBench.NS, "shop", IngestBench.HOST, "shop-api", Map.of());
    cluster.policy(IngestBench.NS, "audit", Mode.Observe, 3);
    operator =
        new WsAuditOperator(
                OperatorConfig.defaults().withPorts("127.0.0.1", 0, 0, 0), cluster.client())
            .start();
    OperatorMetrics metrics = new OperatorMetrics();
    int limit = OperatorConfig.DEFAULT_MAX_BODY_BYTES;
    baseline =
        new OtlpHttpReceiver(
            "127.0.0.1",
            0,
            limit,
            Authenticator.NONE,
            new OtlpIngest(o -> {}, metrics),
            new LogsIngest((lines, sender) -> counted.addAndGet(lines.size()), metrics),
            Admissions.forBody(limit));
    baseline.start();
    batches = LogMix.batches(11, distinctBatches);
  }

  public List<SpanMix.Batch> batches() {
    return batches;
  }

  /** Both receivers, the order alternating with the repetition. */
  public List<Run> repetition(int rep, int workers, Duration phase) throws Exception {
    List<Run> out = new ArrayList<>();
    for (String target :
        rep % 2 == 0 ? List.of("operator", "counting") : List.of("counting", "operator")) {
      out.add(phase(target, rep, workers, phase));
    }
    return out;
  }

  Run phase(String target, int rep, int workers, Duration phase) throws Exception {
    boolean op = target.equals("operator");
    Map<String, Double> before = OpsMetrics.sums(operator.httpPort());
    long countedBefore = counted.get();
    int port = op ? operator.otlpHttpPort() : baseline.port();
    OtlpLoad.Result r =
        OtlpLoad.run("http://127.0.0.1:" + port + "/v1/logs", batches, false, workers, phase);
    if (!op) {
      return new Run(target, rep, r, counted.get() - countedBefore, 0, 0);
    }
    Map<String, Double> after = OpsMetrics.sums(operator.httpPort());
    return new Run(
        target,
        rep,
        r,
        delta(before, after, "wsaudit_otlp_log_records_received_total"),
        delta(before, after, "wsaudit_otlp_log_records_skipped_total"),
        delta(before, after, "wsaudit_proxy_log_lines_total"));
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
    return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
  }

  /** A discarded warm-up, then {@code reps} repetitions. */
  public static List<Run> measure(OperatorPlan plan, java.util.function.Consumer<Run> each)
      throws Exception {
    List<Run> out = new ArrayList<>();
    try (LogIngestBench b = new LogIngestBench(DISTINCT_BATCHES)) {
      b.repetition(0, plan.workers(), plan.warmup());
      for (int rep = 0; rep < plan.ingestReps(); rep++) {
        for (Run run : b.repetition(rep, plan.workers(), plan.phase())) {
          each.accept(run);
          out.add(run);
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    baseline.close();
    operator.close();
    cluster.close();
  }
}
