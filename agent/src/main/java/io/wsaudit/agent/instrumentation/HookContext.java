package io.wsaudit.agent.instrumentation;

import io.wsaudit.agent.telemetry.WebSocketTelemetry;

/** What a family's {@link ServerHooks} receives when it is created. */
public final class HookContext {

  private final WebSocketTelemetry telemetry;
  private final String family;

  public HookContext(WebSocketTelemetry telemetry, String family) {
    this.telemetry = telemetry;
    this.family = family;
  }

  public WebSocketTelemetry telemetry() {
    return telemetry;
  }

  public String family() {
    return family;
  }
}
