package io.wsaudit.bench.operator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The operator's own counters, read from its {@code /metrics} endpoint (Prometheus text format) as
 * a user would.
 */
public record OpsMetrics(
    double spansReceived,
    double spansSkipped,
    double uncorrelated,
    double rejected,
    double patches) {

  /** Spans the operator took as wsaudit's (received and not skipped). */
  public double wsauditSpans() {
    return spansReceived - spansSkipped;
  }

  public OpsMetrics minus(OpsMetrics before) {
    return new OpsMetrics(
        spansReceived - before.spansReceived,
        spansSkipped - before.spansSkipped,
        uncorrelated - before.uncorrelated,
        rejected - before.rejected,
        patches - before.patches);
  }

  public static OpsMetrics scrape(int port) throws Exception {
    Map<String, Double> sums = sums(port);
    return new OpsMetrics(
        sums.getOrDefault("wsaudit_otlp_spans_received_total", 0.0),
        sums.getOrDefault("wsaudit_otlp_spans_skipped_total", 0.0),
        sums.getOrDefault("wsaudit_observations_uncorrelated_total", 0.0),
        sums.getOrDefault("wsaudit_otlp_requests_rejected_total", 0.0),
        sums.getOrDefault("wsaudit_patches_total", 0.0));
  }

  /** Every counter and gauge of {@code /metrics}, summed over its labels. */
  static Map<String, Double> sums(int port) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String body =
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Map<String, Double> sums = new HashMap<>();
    for (String line : body.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name = line.substring(0, brace >= 0 ? brace : space);
      sums.merge(name, Double.parseDouble(line.substring(space + 1)), Double::sum);
    }
    return sums;
  }
}
