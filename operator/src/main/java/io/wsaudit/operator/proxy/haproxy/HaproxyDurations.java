package io.wsaudit.operator.proxy.haproxy;

/**
 * HAProxy time values as the HAProxy Kubernetes Ingress controller reads them from annotations and
 * ConfigMap keys, in milliseconds.
 *
 * <p>The controller's {@code utils.ParseTime} (haproxytech/kubernetes-ingress {@code
 * pkg/utils/utils.go}) takes an integer with an optional unit {@code ms}, {@code s}, {@code m},
 * {@code h} or {@code d}; a bare integer is milliseconds ({@code 30000} = 30 s), as in haproxy's
 * own configuration ({@code doc/configuration.txt} §2.5 "Time format"). It writes the result to
 * haproxy.cfg in milliseconds. It does not bound the value, but haproxy refuses the whole file when
 * a timeout exceeds {@link #MAX_MILLIS} ("timer overflow ... maximum value is 2147483647 ms or
 * ~24.8 days", seen with haproxy 2.6.12 {@code -c}), so this class refuses it up front.
 */
public final class HaproxyDurations {

  /** The largest timeout haproxy accepts: {@code INT_MAX} milliseconds, about 24.8 days. */
  public static final long MAX_MILLIS = Integer.MAX_VALUE;

  private HaproxyDurations() {}

  /**
   * Milliseconds of a value such as {@code 50s}, {@code 1h}, {@code 500ms} or {@code 30000}.
   *
   * @throws IllegalArgumentException naming the value and why it is refused
   */
  public static long parseMillis(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw new IllegalArgumentException("empty HAProxy time value");
    }
    String digits = raw;
    long unit = 1;
    if (raw.endsWith("ms")) {
      digits = raw.substring(0, raw.length() - 2);
    } else if (raw.endsWith("s")) {
      digits = raw.substring(0, raw.length() - 1);
      unit = 1_000;
    } else if (raw.endsWith("m")) {
      digits = raw.substring(0, raw.length() - 1);
      unit = 60_000;
    } else if (raw.endsWith("h")) {
      digits = raw.substring(0, raw.length() - 1);
      unit = 3_600_000;
    } else if (raw.endsWith("d")) {
      digits = raw.substring(0, raw.length() - 1);
      unit = 86_400_000;
    }
    if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          "'" + raw + "' is not a HAProxy time (an integer with ms, s, m, h or d; bare = ms)");
    }
    long millis = Long.parseLong(digits) * unit;
    if (millis > MAX_MILLIS) {
      throw new IllegalArgumentException(
          "'" + raw + "' exceeds haproxy's largest timeout, " + MAX_MILLIS + " ms (~24.8 days)");
    }
    return millis;
  }

  /** Milliseconds of a valid value, else -1 (the controller logs the error and ignores it). */
  public static long millisOrInvalid(String raw) {
    try {
      return parseMillis(raw);
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  /**
   * The value in the largest unit that states it exactly: {@code 3600000} is {@code 1h}, {@code
   * 90000} is {@code 90s}, {@code 1500} is {@code 1500ms}.
   */
  public static String format(long millis) {
    if (millis < 0 || millis > MAX_MILLIS) {
      throw new IllegalArgumentException(millis + " ms is outside 0.." + MAX_MILLIS);
    }
    if (millis == 0) {
      return "0";
    }
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1_000 == 0) {
      return millis / 1_000 + "s";
    }
    return millis + "ms";
  }
}
