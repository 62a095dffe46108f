package io.wsaudit.agent.instrumentation;

import io.wsaudit.agent.log.AgentLog;
import io.wsaudit.agent.telemetry.WebSocketTelemetry;
import java.util.concurrent.atomic.AtomicInteger;

/** What a family's {@link ServerHooks} receives when it is created. */
public final class HookContext {

  private final WebSocketTelemetry telemetry;
  private final String family;
  private final AtomicInteger unknownHooks = new AtomicInteger();

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

  /**
   * A hook id that reached the family's switch without a case: advice and hooks disagree, which is
   * an agent bug. Said once per id instead of being dropped silently; returns null to the advice.
   */
  public Object unknownHook(int hook) {
    unknownHooks.incrementAndGet();
    AgentLog.warnOnce(
        "unknown-hook-" + hook,
        "hook " + HookIds.describe(hook) + " is not handled by the " + family + " hooks; ignored",
        null);
    return null;
  }

  /** How many calls reached {@link #unknownHook}. */
  public int unknownHooks() {
    return unknownHooks.get();
  }
}
