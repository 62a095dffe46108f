package io.wsaudit.operator.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the Go-style durations Kubernetes users write in resources and flags ({@code 90s}, {@code
 * 1h30m}).
 */
public final class Durations {

  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private Durations() {}

  /**
   * Parses {@code text}; a bare number counts as seconds, since that is what a person usually
   * means.
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration");
    }
    String s = text.trim();
    if (s.chars().allMatch(Character::isDigit)) {
      return Duration.ofSeconds(Long.parseLong(s));
    }
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        throw new IllegalArgumentException("not a duration: " + text);
      }
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
              });
      end = m.end();
    }
    if (end != s.length() || end == 0) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    return total;
  }

  /** Parses {@code text}, falling back to {@code fallback} when it is missing or malformed. */
  public static Duration parseOr(String text, Duration fallback) {
    try {
      return text == null ? fallback : parse(text);
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }
}
