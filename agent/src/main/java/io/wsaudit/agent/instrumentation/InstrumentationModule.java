package io.wsaudit.agent.instrumentation;

import java.util.List;

/**
 * A server family and version range: the classes it instruments and the hooks that read the
 * server's objects.
 */
public interface InstrumentationModule {

  /** The family name: the key of {@code wsaudit.<family>.enabled}, and its name in log lines. */
  String family();

  /**
   * The family's number, the high bits of its hook ids: the {@code FAMILY} constant of its {@code
   * <Family>HookIds}. Unique among the families.
   */
  int familyId();

  /** What it covers, for log lines: for example {@code undertow 2.2-2.3}. */
  String description();

  List<TypeInstrumentation> typeInstrumentations();

  /** The {@link ServerHooks} implementation; its package is defined per server class loader. */
  String hooksClassName();
}
