package io.wsaudit.operator.otlp;

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
}
