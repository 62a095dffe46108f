package io.wsaudit.operator.proxylog;

import io.wsaudit.operator.proxy.nginx.log.LogSignal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What the policy status says about the proxy's logs: whether any arrive, what the controller's
 * format cannot give, and the lines that did not parse.
 *
 * @param lastLine when the last line of the audited controller arrived, or null when none has
 * @param kept lines kept as WebSocket evidence so far
 * @param missing signals the controller's access format cannot give
 * @param formatProblem why the controller's format could not be compiled, or null
 * @param unparsed access lines that did not parse, per reason
 * @param unparsedSample the latest such line (cut short), or null
 */
public record ProxyLogReport(
    Instant lastLine,
    long kept,
    Set<LogSignal> missing,
    String formatProblem,
    Map<String, Long> unparsed,
    String unparsedSample) {

  public ProxyLogReport {
    missing = Set.copyOf(missing);
    unparsed = Map.copyOf(unparsed);
  }

  /** Nothing received (yet), or no collector at all. */
  public static ProxyLogReport none() {
    return new ProxyLogReport(null, 0, Set.of(), null, Map.of(), null);
  }

  public boolean received() {
    return lastLine != null;
  }
}
