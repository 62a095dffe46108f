package io.wsaudit.operator.proxylog;

import io.wsaudit.operator.proxy.nginx.log.AccessLogEntry;
import io.wsaudit.operator.proxy.nginx.log.LogSignal;
import java.util.Set;

/** The controller's access-log format, compiled: parses its lines and says what it cannot give. */
public interface AccessFormat {

  /** One line, parsed once. */
  ParsedLine parse(String line);

  /** The signals this format names no variable for. */
  Set<LogSignal> missing();

  /**
   * Why the controller's own format could not be compiled (the default was compiled instead), or
   * null.
   */
  String problem();

  /** An entry, or the reason the line is not one (a short, fixed phrase: it labels a metric). */
  record ParsedLine(AccessLogEntry entry, String unparsedReason) {

    public static ParsedLine parsed(AccessLogEntry entry) {
      return new ParsedLine(entry, null);
    }

    public static ParsedLine unparsed(String reason) {
      return new ParsedLine(null, reason);
    }
  }
}
