package io.wsaudit.operator.proxy.gatewayapi;

import io.wsaudit.operator.config.Durations;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Gateway API's Duration (GEP-2257): one to four {@code <number><unit>} parts, units {@code h},
 * {@code m}, {@code s}, {@code ms}, e.g. {@code 1h}, {@code 300s}, {@code 1m30s}; {@code 0s} means
 * "no limit" where a field allows it. The pattern is the CRDs' own ({@code
 * ^([0-9]{1,5}(h|m|s|ms)){1,4}$}, kubernetes-sigs/gateway-api {@code apis/v1/shared_types.go};
 * Envoy Gateway's {@code timeout.http.*} fields use the same one).
 */
public final class GatewayDuration {

  private static final Pattern WHOLE = Pattern.compile("^([0-9]{1,5}(h|m|s|ms)){1,4}$");

  private GatewayDuration() {}

  /**
   * The duration, or empty when {@code text} is null or not a valid Gateway API Duration; the
   * pattern decides validity, the operator's own duration reader the value.
   */
  public static Optional<Duration> parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      return Optional.empty();
    }
    return Optional.of(Durations.parse(text));
  }

  /**
   * The shortest form: whole hours as {@code 1h}, else whole seconds ({@code 300s}), else
   * milliseconds. Values beyond 99999h are capped there (the pattern allows five digits).
   */
  public static String format(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("negative duration " + d);
    }
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() <= 99_999 ? d.toMillis() + "ms" : (d.toMillis() / 1000 + 1) + "s";
    }
    long s = d.getSeconds();
    if (s % 3600 == 0) {
      return Math.min(s / 3600, 99_999) + "h";
    }
    return s <= 99_999 ? s + "s" : (s / 3600 + 1) + "h";
  }
}
