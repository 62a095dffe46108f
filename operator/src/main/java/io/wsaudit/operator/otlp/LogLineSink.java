package io.wsaudit.operator.otlp;

import io.wsaudit.operator.health.OperatorMetrics;
import io.wsaudit.operator.trust.Sender;
import java.util.List;

/**
 * Receives the log records of one OTLP logs request; must return quickly (it runs on a receiver
 * thread) and must check {@link Sender#maySpeakFor} before filing evidence, as {@link
 * ObservationSink} does.
 */
@FunctionalInterface
public interface LogLineSink {
  void accept(List<LogLine> lines, Sender sender);

  /**
   * Counts the lines as unprocessed ({@code wsaudit_log_lines_unprocessed_total}) and drops them: a
   * stand-in for tests and benches that measure the receivers alone (the operator wires {@code
   * ProxyLogCollector}).
   */
  static LogLineSink discarding(OperatorMetrics metrics) {
    return (lines, sender) -> metrics.logLinesUnprocessed(lines.size());
  }
}
