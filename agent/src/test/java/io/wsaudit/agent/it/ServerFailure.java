package io.wsaudit.agent.it;

import io.wsaudit.testkit.otlp.OtlpCollector;
import io.wsaudit.testkit.otlp.ReceivedSpan;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A failed check of a forked server, with what it printed and the spans that did arrive. */
final class ServerFailure {

  private ServerFailure() {}

  /** Stops the server first: its exit line says what happened to the spans. */
  static AssertionError of(
      Throwable e,
      ForkedServer server,
      OtlpCollector collector,
      Function<ReceivedSpan, String> spanLine) {
    server.close();
    return new AssertionError(
        e.getMessage()
            + "\nserver output:\n"
            + String.join("\n", server.output())
            + "\nspans received:\n"
            + collector.spans().stream().map(spanLine).collect(Collectors.joining("\n")),
        e);
  }
}
