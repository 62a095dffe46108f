package io.wsaudit.agent.instrumentation.tomcat.v9_0.linked;

import io.wsaudit.agent.telemetry.WebSocketTelemetry;
import org.apache.coyote.Request;

/** What the handshake span reads from Tomcat's coyote request. */
final class CoyoteRequests {

  private CoyoteRequests() {}

  /**
   * When Tomcat's processing of this request began, on the telemetry clock; 0 (= now) when unknown.
   */
  static long startEpochNanos(Request request, WebSocketTelemetry telemetry) {
    try {
      long startNanos = request.getStartTimeNanos();
      if (startNanos > 0) {
        long elapsed = System.nanoTime() - startNanos;
        return telemetry.now() - Math.max(0, elapsed);
      }
    } catch (NoSuchMethodError e) {
      // Tomcat 9.0 has only the millisecond start time
      long startMillis = request.getStartTime();
      return startMillis > 0 ? startMillis * 1_000_000L : 0;
    }
    return 0;
  }
}
