package io.wsaudit.agent.telemetry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Read access to a request's headers, implemented by each server family over its own request type.
 */
@FunctionalInterface
public interface RequestHeaders {

  /**
   * Every value of the header, in arrival order; an empty list when absent. Names are
   * case-insensitive.
   */
  List<String> values(String name);

  /** The first value, or {@code null}. */
  default String first(String name) {
    List<String> values = values(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * Whether the request asks for a WebSocket: {@code Upgrade} names {@code websocket}, or it
   * carries a WebSocket key or version. Other upgrades ({@code h2c}, which the JDK HTTP client
   * tries by default) are not ours.
   */
  default boolean isWebSocketAttempt() {
    return hasToken("upgrade", "websocket")
        || first("sec-websocket-key") != null
        || first("sec-websocket-version") != null;
  }

  /**
   * Whether any value, split on commas, holds {@code token} (case-insensitive), as RFC 9110 lists
   * are read.
   */
  default boolean hasToken(String name, String token) {
    List<String> values = values(name);
    if (values == null) {
      return false;
    }
    for (String value : values) {
      if (value != null && containsToken(value, token)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The comma-separated list {@code value} has {@code token} as an element, ignoring case and
   * blanks.
   */
  static boolean containsToken(String value, String token) {
    int from = 0;
    int length = value.length();
    while (from <= length) {
      int comma = value.indexOf(',', from);
      int end = comma < 0 ? length : comma;
      int start = from;
      while (start < end && value.charAt(start) <= ' ') {
        start++;
      }
      int stop = end;
      while (stop > start && value.charAt(stop - 1) <= ' ') {
        stop--;
      }
      if (stop - start == token.length()
          && value.regionMatches(true, start, token, 0, token.length())) {
        return true;
      }
      from = end + 1;
    }
    return false;
  }

  /**
   * One header's values as a family finds them, in order; no list is made for a single value (the
   * usual case), so a family's {@link #values} allocates nothing beyond what it returns.
   */
  final class Values {
    private String single;
    private List<String> more;

    public void add(String value) {
      if (more != null) {
        more.add(value);
      } else if (single == null) {
        single = value;
      } else {
        more = new ArrayList<>(2);
        more.add(single);
        more.add(value);
      }
    }

    public List<String> list() {
      if (more != null) {
        return more;
      }
      return single == null ? Collections.emptyList() : Collections.singletonList(single);
    }
  }
}
