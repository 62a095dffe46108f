package io.wsaudit.operator.proxylog;

import io.wsaudit.operator.proxy.ingressnginx.LogFormats;
import io.wsaudit.operator.proxy.nginx.log.AccessLogFormat;
import io.wsaudit.operator.proxy.nginx.log.ErrorLogEntry;
import io.wsaudit.operator.proxy.nginx.log.ErrorLogParser;
import io.wsaudit.operator.proxy.nginx.log.LogParse;
import io.wsaudit.operator.proxy.nginx.log.LogSignal;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ingress-nginx's lines read with {@link LogFormats} (the ConfigMap's {@code log-format-upstream},
 * else the default) and {@link ErrorLogParser}. A format that cannot be compiled is reported and
 * the default read instead: most custom formats still start like it, and a wrong guess only shows
 * up as unparsed lines, counted.
 */
public final class NginxLogParsers implements ProxyLogParsers {

  private final ZoneId errorLogZone;

  /**
   * @param errorLogZone the controller's local time zone (its error log has no offset)
   */
  public NginxLogParsers(ZoneId errorLogZone) {
    this.errorLogZone = errorLogZone;
  }

  @Override
  public AccessFormat accessFormat(Map<String, String> controllerConfig) {
    LogFormats.Compiled c = LogFormats.of(controllerConfig);
    AccessLogFormat format = c.ok() ? c.format() : LogFormats.of(Map.of()).format();
    return new Compiled(format, c.error());
  }

  @Override
  public Optional<ErrorLogEntry> errorLine(String line) {
    return ErrorLogParser.parse(line, errorLogZone);
  }

  private record Compiled(AccessLogFormat format, String problem) implements AccessFormat {
    @Override
    public LogParse parse(String line) {
      return format.parse(line);
    }

    @Override
    public Set<LogSignal> missing() {
      return format.missing();
    }
  }
}
