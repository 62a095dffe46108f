package io.wsaudit.operator.proxylog;

import io.wsaudit.operator.proxy.nginx.log.LogParse;
import io.wsaudit.operator.proxy.nginx.log.LogSignal;
import java.util.Set;

/** The controller's access-log format, compiled: parses its lines and says what it cannot give. */
public interface AccessFormat {

  /** One line, parsed once; never throws. */
  LogParse parse(String line);

  /** The signals this format names no variable for. */
  Set<LogSignal> missing();

  /**
   * Why the controller's own format could not be compiled (the default was compiled instead), or
   * null.
   */
  String problem();
}
