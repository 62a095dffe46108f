package io.wsaudit.agent.instrumentation;

import java.util.List;

/**
 * A server family and version range: the classes it instruments and the hooks that read the
 * server's objects.
 */
public interface InstrumentationModule {

  /**
   * The family name: the prefix of its hook names and the key of {@code wsaudit.<family>.enabled}.
   */
  String family();

  /** What it covers, for log lines: for example {@code undertow 2.2-2.3}. */
  String description();

  List<TypeInstrumentation> typeInstrumentations();

  /** The {@link ServerHooks} implementation; its package is defined per server class loader. */
  String hooksClassName();
}
