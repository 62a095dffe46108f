package io.wsaudit.operator.testing;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.wsaudit.operator.WsAuditOperator;
import io.wsaudit.operator.health.OperatorMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Reads in-process operators' metrics, as {@code /metrics} would serve them. */
public final class Metrics {

  private Metrics() {}

  /** The Prometheus text exposition of the operator's registry. */
  public static String text(WsAuditOperator operator) {
    return text(operator.metrics());
  }

  /** The Prometheus text exposition of one metrics registry. */
  public static String text(OperatorMetrics metrics) {
    var out = new ByteArrayOutputStream();
    try {
      new PrometheusTextFormatWriter(false).write(out, metrics.registry().scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * One counter of a registry (name without {@code _total}) summed over the data points carrying
   * these labels.
   */
  public static double counter(OperatorMetrics metrics, String name, Map<String, String> labels) {
    return metrics.registry().scrape().stream()
        .filter(m -> m.getMetadata().getName().equals(name))
        .flatMap(m -> m.getDataPoints().stream())
        .filter(
            d ->
                labels.entrySet().stream()
                    .allMatch(l -> l.getValue().equals(d.getLabels().get(l.getKey()))))
        .mapToDouble(d -> ((CounterDataPointSnapshot) d).getValue())
        .sum();
  }

  /** A counter summed over all its labels and over these operators (e.g. every replica). */
  public static double counter(List<WsAuditOperator> operators, String name) {
    return operators.stream()
        .flatMap(o -> o.metrics().registry().scrape().stream())
        .filter(m -> m.getMetadata().getName().equals(name))
        .flatMap(m -> m.getDataPoints().stream())
        .mapToDouble(d -> ((CounterDataPointSnapshot) d).getValue())
        .sum();
  }
}
