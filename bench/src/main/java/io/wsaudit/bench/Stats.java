package io.wsaudit.bench;

import java.util.Arrays;
import java.util.List;

/** Median and spread of a handful of repetitions; percentiles of latency samples. */
public final class Stats {

  private Stats() {}

  /** Median, min and max of values (NaN dropped); all NaN when none is left. */
  public record Summary(double median, double min, double max, int n) {
    public boolean isEmpty() {
      return n == 0;
    }
  }

  public static Summary summarize(List<Double> values) {
    double[] v =
        values.stream()
            .filter(d -> d != null && !d.isNaN() && !d.isInfinite())
            .mapToDouble(Double::doubleValue)
            .sorted()
            .toArray();
    if (v.length == 0) {
      return new Summary(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    double median =
        v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    return new Summary(median, v[0], v[v.length - 1], v.length);
  }

  /** Nearest-rank percentile (p in 0..100) of samples, NaN when there are none. */
  public static double percentile(long[] samples, double p) {
    if (samples.length == 0) {
      return Double.NaN;
    }
    long[] s = samples.clone();
    Arrays.sort(s);
    int rank = (int) Math.ceil(p / 100.0 * s.length);
    return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
  }
}
