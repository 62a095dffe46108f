package io.wsaudit.operator.proxy.ngf;

import io.wsaudit.operator.config.Durations;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * NGF's Duration: one number of up to four digits with an optional unit {@code ms}, {@code s},
 * {@code m} or {@code h}, no unit meaning seconds as nginx reads it ({@code
 * ^[0-9]{1,4}(ms|s|m|h)?$}, {@code apis/v1alpha1/shared_types.go}); narrower than Gateway API's.
 */
public final class NginxDuration {

  private static final Pattern FORMAT = Pattern.compile("^[0-9]{1,4}(ms|s|m|h)?$");

  private NginxDuration() {}

  /** The duration, or empty when {@code text} does not fit NGF's pattern. */
  public static Optional<Duration> parse(String text) {
    if (text == null || !FORMAT.matcher(text).matches()) {
      return Optional.empty();
    }
    // A bare number is seconds for nginx and for the operator's own duration reader alike.
    return Optional.of(Durations.parse(text));
  }

  /**
   * The shortest form that fits four digits: whole hours, whole minutes, else seconds (rounded up,
   * so a limit is never shortened; beyond 9999 s minutes or hours are used).
   */
  public static String format(Duration d) {
    long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    if (s % 3600 == 0) {
      return Math.min(s / 3600, 9999) + "h";
    }
    if (s % 60 == 0 && s / 60 <= 9999) {
      return s / 60 + "m";
    }
    if (s <= 9999) {
      return s + "s";
    }
    long m = (s + 59) / 60;
    return m <= 9999 ? m + "m" : Math.min((s + 3599) / 3600, 9999) + "h";
  }
}
