package io.wsaudit.agent.extension;

import java.lang.instrument.Instrumentation;

/**
 * The {@link Instrumentation} the OpenTelemetry agent got in its premain, from its bootstrap {@code
 * io.opentelemetry.javaagent.bootstrap.InstrumentationHolder}: an extension is not given one.
 */
final class OtelAgentInstrumentation {

  static final String HOLDER = "io.opentelemetry.javaagent.bootstrap.InstrumentationHolder";

  private OtelAgentInstrumentation() {}

  static Instrumentation get() throws ReflectiveOperationException {
    Object inst = Class.forName(HOLDER, true, null).getMethod("getInstrumentation").invoke(null);
    if (!(inst instanceof Instrumentation)) {
      throw new IllegalStateException(HOLDER + " holds no Instrumentation");
    }
    return (Instrumentation) inst;
  }
}
