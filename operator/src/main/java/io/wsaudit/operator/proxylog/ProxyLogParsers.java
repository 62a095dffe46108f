package io.wsaudit.operator.proxylog;

import io.wsaudit.operator.proxy.nginx.log.ErrorLogEntry;
import java.util.Map;
import java.util.Optional;

/**
 * The parsers the collector reads nginx's lines with: the access format compiled from the
 * controller ConfigMap's {@code log-format-upstream} and escape keys, and the error-log parser.
 */
public interface ProxyLogParsers {

  /**
   * The controller's access format from its ConfigMap data (null: no ConfigMap, ingress-nginx's
   * default format).
   */
  AccessFormat accessFormat(Map<String, String> controllerConfig);

  /** One error-log line, or empty when it is not one. */
  Optional<ErrorLogEntry> errorLine(String line);
}
