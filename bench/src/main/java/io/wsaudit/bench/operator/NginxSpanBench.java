package io.wsaudit.bench.operator;

import io.wsaudit.bench.OtlpSink;
import io.wsaudit.operator.WsAuditOperator;
import io.wsaudit.operator.api.v1alpha1.Mode;
import io.wsaudit.operator.config.OperatorConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Ingestion of ingress-nginx's own spans ({@link NginxSpanMix}: 95 % plain requests dropped on the
 * wire, 5 % upgrades decoded, routed by host and path and filed) through the operator's real
 * OTLP/HTTP receiver, beside the counting {@link OtlpSink}, interleaved; protobuf, batches of 512.
 * Not yet part of {@code run.sh}: {@code java -cp bench/target/classes:$(cat
 * bench/target/operator-classpath.txt) io.wsaudit.bench.operator.NginxSpanBench [seconds] [reps]}.
 */
public final class NginxSpanBench {

  private NginxSpanBench() {}

  public static void main(String[] args) throws Exception {
    Duration phase = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 10);
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    try (MockCluster cluster = new MockCluster();
        OtlpSink sink = new OtlpSink(4)) {
      cluster.app(cluster.client(), IngestBench.NS, "shop-api", "10.42.0.7");
      MockCluster.ingress(
          cluster.client(), IngestBench.NS, "shop", IngestBench.HOST, "shop-api", Map.of());
      cluster.policy(IngestBench.NS, "audit", Mode.Observe, 3);
      try (WsAuditOperator operator =
          new WsAuditOperator(
                  OperatorConfig.defaults().withPorts("127.0.0.1", 0, 0, 0), cluster.client())
              .start()) {
        Poll.until(
            "operator caches hold the Ingress",
            Duration.ofSeconds(30),
            () -> operator.clusterIndex().ingress(IngestBench.NS, "shop") != null);
        List<SpanMix.Batch> batches = new NginxSpanMix(IngestBench.HOST).batches(64, 512);
        String op = "http://127.0.0.1:" + operator.otlpHttpPort() + "/v1/traces";
        String base = sink.endpoint() + "/v1/traces";
        OtlpLoad.run(op, batches, false, 4, Duration.ofSeconds(5));
        OtlpLoad.run(base, batches, false, 4, Duration.ofSeconds(5));
        for (int rep = 0; rep < reps; rep++) {
          for (String target : rep % 2 == 0 ? List.of(op, base) : List.of(base, op)) {
            Map<String, Double> before = OpsMetrics.sums(operator.httpPort());
            OtlpLoad.Result r = OtlpLoad.run(target, batches, false, 4, phase);
            Map<String, Double> after = OpsMetrics.sums(operator.httpPort());
            System.out.printf(
                "rep %d %-8s %,10.0f spans/s  (%d requests, %d failed; operator counted"
                    + " proxy spans %,.0f, uncorrelated %,.0f)%n",
                rep,
                target.equals(op) ? "operator" : "sink",
                r.spansPerSecond(),
                r.requests(),
                r.failed(),
                delta(before, after, "wsaudit_proxy_spans_total"),
                delta(before, after, "wsaudit_observations_uncorrelated_total"));
          }
        }
      }
    }
  }

  private static double delta(Map<String, Double> a, Map<String, Double> b, String name) {
    return b.getOrDefault(name, 0.0) - a.getOrDefault(name, 0.0);
  }
}
