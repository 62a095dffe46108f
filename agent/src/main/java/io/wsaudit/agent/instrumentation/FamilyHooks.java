package io.wsaudit.agent.instrumentation;

import io.wsaudit.agent.telemetry.WebSocketTelemetry;

/**
 * What every family's linked hooks start from: the context they are created with and its telemetry.
 * Protected, not package-private: the subclasses are defined by a {@link LinkedClassLoader}, so
 * they never share a run-time package with this class.
 */
public abstract class FamilyHooks implements ServerHooks {

  protected final HookContext context;
  protected final WebSocketTelemetry telemetry;

  protected FamilyHooks(HookContext context) {
    this.context = context;
    this.telemetry = context.telemetry();
  }
}
