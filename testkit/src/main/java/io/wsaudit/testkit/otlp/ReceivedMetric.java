package io.wsaudit.testkit.otlp;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One data point of one metric as {@link OtlpCollector} received it: the metric's name, unit and
 * instrument shape, the point's attributes as plain Java values, and its value. A sum or gauge
 * point has {@link #value}; a histogram point has {@link #count}, {@link #sum}, {@link #bounds} and
 * {@link #bucketCounts}. Exports are usually cumulative, so the same series arrives again with each
 * export.
 */
public record ReceivedMetric(
    Instant received,
    String scope,
    Map<String, Object> resource,
    String name,
    String unit,
    Kind kind,
    boolean monotonic,
    Temporality temporality,
    Map<String, Object> attributes,
    Number value,
    long count,
    double sum,
    List<Double> bounds,
    List<Long> bucketCounts) {

  /** The OTLP metric data shapes. */
  public enum Kind {
    SUM,
    GAUGE,
    HISTOGRAM,
    EXPONENTIAL_HISTOGRAM,
    SUMMARY
  }

  /** Aggregation temporality of sums and histograms; {@code UNSPECIFIED} for gauges. */
  public enum Temporality {
    UNSPECIFIED,
    DELTA,
    CUMULATIVE
  }

  /** The point attribute as text ({@code "1000"}, {@code "true"}), null if absent. */
  public String text(String key) {
    Object v = attributes.get(key);
    return v == null ? null : String.valueOf(v);
  }

  /** The resource attribute as text, null if absent. */
  public String resourceText(String key) {
    Object v = resource.get(key);
    return v == null ? null : v.toString();
  }

  /** A sum or gauge point's value as a long (0 for histograms). */
  public long longValue() {
    return value == null ? 0 : value.longValue();
  }

  @Override
  public String toString() {
    return name
        + " ["
        + unit
        + "] "
        + kind
        + " "
        + attributes
        + " = "
        + (value != null ? value : count);
  }
}
