package io.wsaudit.operator.proxy.nginx.log;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * nginx's three time variables, read by hand (no formatter: this runs once per log line): {@code
 * $time_local} {@code 02/Dec/2026:05:00:00 +0000}, {@code $time_iso8601} {@code
 * 2026-12-02T05:00:00+00:00}, {@code $msec} {@code 1764651600.123} (nginx {@code
 * src/http/modules/ngx_http_log_module.c}, {@code ngx_http_log_time} and its siblings). Each
 * returns epoch milliseconds, or {@link #BAD}.
 */
final class LoggedTime {

  static final long BAD = Long.MIN_VALUE;

  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

  private LoggedTime() {}

  static long local(String s, int at, int end) {
    if (end - at != 26
        || s.charAt(at + 2) != '/'
        || s.charAt(at + 6) != '/'
        || s.charAt(at + 11) != ':'
        || s.charAt(at + 20) != ' ') {
      return BAD;
    }
    int month = MONTHS.indexOf(s.substring(at + 3, at + 6));
    if (month < 0 || month % 3 != 0) {
      return BAD;
    }
    return epochMillis(
        digits(s, at + 7, 4),
        month / 3 + 1,
        digits(s, at, 2),
        s,
        at + 12,
        offsetMinutes(s, at + 21, false));
  }

  static long iso8601(String s, int at, int end) {
    if (end - at != 25
        || s.charAt(at + 4) != '-'
        || s.charAt(at + 7) != '-'
        || s.charAt(at + 10) != 'T'
        || s.charAt(at + 22) != ':') {
      return BAD;
    }
    return epochMillis(
        digits(s, at, 4),
        digits(s, at + 5, 2),
        digits(s, at + 8, 2),
        s,
        at + 11,
        offsetMinutes(s, at + 19, true));
  }

  /** {@code seconds.millis}, as nginx writes {@code $msec}. */
  static long msec(String s, int at, int end) {
    long ms = LoggedNumber.millis(s, at, end);
    return ms < 0 ? BAD : ms;
  }

  /** {@code HH:mm:ss} at {@code clock}, on that day, at that offset. */
  private static long epochMillis(int year, int month, int day, String s, int clock, int offset) {
    int h = digits(s, clock, 2);
    int m = digits(s, clock + 3, 2);
    int sec = digits(s, clock + 6, 2);
    if (year < 0
        || month < 0
        || day < 0
        || h < 0
        || h > 23
        || m < 0
        || m > 59
        || sec < 0
        || sec > 60
        || offset == Integer.MIN_VALUE
        || s.charAt(clock + 2) != ':'
        || s.charAt(clock + 5) != ':') {
      return BAD;
    }
    long days;
    try {
      days = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return BAD;
    }
    return ((days * 86_400 + h * 3_600L + m * 60L + sec) - offset * 60L) * 1_000;
  }

  /** {@code +0000} or, with a colon, {@code +00:00}; Integer.MIN_VALUE when malformed. */
  private static int offsetMinutes(String s, int at, boolean colon) {
    char sign = s.charAt(at);
    int hh = digits(s, at + 1, 2);
    int mm = digits(s, at + (colon ? 4 : 3), 2);
    if ((sign != '+' && sign != '-') || hh < 0 || mm < 0 || (colon && s.charAt(at + 3) != ':')) {
      return Integer.MIN_VALUE;
    }
    int minutes = hh * 60 + mm;
    return sign == '-' ? -minutes : minutes;
  }

  /** The decimal number in {@code s[at, at+n)}, or -1. */
  static int digits(String s, int at, int n) {
    int v = 0;
    for (int i = at; i < at + n; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }
}
