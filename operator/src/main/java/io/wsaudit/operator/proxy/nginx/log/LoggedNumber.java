package io.wsaudit.operator.proxy.nginx.log;

/**
 * The numbers of an access-log line, read by hand: integers ({@code $status}) and seconds with
 * millisecond resolution ({@code $request_time}, {@code $upstream_response_time}, {@code $msec}:
 * nginx prints them {@code %T.%03M}), and the last element of an upstream list.
 */
final class LoggedNumber {

  /** Not a number. */
  static final long BAD = -1;

  /** "-" or empty: nginx had no value. */
  static final long ABSENT = -2;

  private LoggedNumber() {}

  /** A non-negative integer of at most 18 digits, {@link #ABSENT} or {@link #BAD}. */
  static long integer(String s, int at, int end) {
    if (absent(s, at, end)) {
      return ABSENT;
    }
    if (end - at > 18) {
      return BAD;
    }
    long v = 0;
    for (int i = at; i < end; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return BAD;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /** {@code 24388.248} → 24388248; {@code 1.5} → 1500; {@code 3} → 3000. */
  static long millis(String s, int at, int end) {
    if (absent(s, at, end)) {
      return ABSENT;
    }
    int dot = at;
    while (dot < end && s.charAt(dot) != '.') {
      dot++;
    }
    long seconds = dot == at ? BAD : integer(s, at, dot);
    if (seconds < 0 || end - dot > 4 || dot == end - 1) {
      return BAD;
    }
    long ms = 0;
    int scale = 100;
    for (int i = dot + 1; i < end; i++, scale /= 10) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return BAD;
      }
      ms += d * scale;
    }
    return seconds * 1_000 + ms;
  }

  /** Where the list's last element starts: after the last ", " or " : ". */
  static int lastElement(String s, int at, int end) {
    for (int i = end - 1; i > at; i--) {
      if (s.charAt(i) == ' ' && (s.charAt(i - 1) == ',' || s.charAt(i - 1) == ':')) {
        return i + 1;
      }
    }
    return at;
  }

  static boolean absent(String s, int at, int end) {
    return end == at || (end - at == 1 && s.charAt(at) == '-');
  }
}
