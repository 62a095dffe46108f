package io.wsaudit.operator.proxy.nginx.log;

/**
 * What {@link AccessLogFormat#parse} made of one access-log line: an entry, or the reason it is not
 * one. Reasons are short snake_case constants, used as metric label values.
 */
public sealed interface LogParse permits LogParse.Parsed, LogParse.Unparsed {

  /** The line does not have the format's literal text where the format puts it. */
  String FORMAT_MISMATCH = "format_mismatch";

  /** A time variable ({@code $time_local}, {@code $time_iso8601}, {@code $msec}) is malformed. */
  String BAD_TIME = "bad_time";

  /** A numeric variable ({@code $status}, {@code $request_time}, …) is not a number. */
  String BAD_NUMBER = "bad_number";

  /** Longer than {@link AccessLogFormat#MAX_LINE}: dropped without being scanned. */
  String TOO_LONG = "too_long";

  /** Empty or blank. */
  String EMPTY = "empty";

  /** The line is an access-log entry. */
  record Parsed(AccessLogEntry entry) implements LogParse {}

  /** The line is not one; {@code reason} is one of the constants of {@link LogParse}. */
  record Unparsed(String reason) implements LogParse {}
}
