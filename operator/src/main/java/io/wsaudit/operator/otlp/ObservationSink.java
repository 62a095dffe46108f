package io.wsaudit.operator.otlp;

import io.wsaudit.operator.trust.Sender;
import java.util.List;

/**
 * Receives the observations decoded from one OTLP request; must return quickly (it runs on a
 * receiver thread).
 */
@FunctionalInterface
public interface ObservationSink {
  void accept(List<Observation> observations);

  /**
   * With who sent them; a sink that files evidence must check {@link Sender#maySpeakFor} (the
   * default ignores the sender, for sinks that only collect).
   */
  default void accept(List<Observation> observations, Sender sender) {
    accept(observations);
  }
}
