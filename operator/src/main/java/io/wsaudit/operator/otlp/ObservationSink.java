package io.wsaudit.operator.otlp;

import java.util.List;

/**
 * Receives the observations decoded from one OTLP request; must return quickly (it runs on a
 * receiver thread).
 */
@FunctionalInterface
public interface ObservationSink {
  void accept(List<Observation> observations);
}
