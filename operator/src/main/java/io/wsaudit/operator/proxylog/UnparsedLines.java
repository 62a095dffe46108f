package io.wsaudit.operator.proxylog;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Access lines that did not parse: a count per reason (a bounded number of reasons) and the latest
 * line, cut short, for the policy status.
 */
final class UnparsedLines {

  static final int MAX_REASONS = 16;
  static final int MAX_SAMPLE_CHARS = 256;
  static final String OTHER = "other";

  private final Map<String, Long> counts = new LinkedHashMap<>();
  private String sample;

  /** {@code n} lines refused for {@code reason}; {@code line} is the latest of a request's. */
  synchronized void add(String reason, long n, String line) {
    String r = reason == null ? OTHER : reason;
    if (!counts.containsKey(r) && counts.size() >= MAX_REASONS) {
      r = OTHER;
    }
    counts.merge(r, n, Long::sum);
    sample = line.length() <= MAX_SAMPLE_CHARS ? line : line.substring(0, MAX_SAMPLE_CHARS) + "…";
  }

  synchronized Map<String, Long> counts() {
    return Map.copyOf(counts);
  }

  synchronized String sample() {
    return sample;
  }
}
