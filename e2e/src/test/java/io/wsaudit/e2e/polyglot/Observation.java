package io.wsaudit.e2e.polyglot;

import io.wsaudit.testkit.ws.RawClient;
import java.io.IOException;
import java.time.Duration;

/**
 * What a client saw of one WebSocket through nginx: the status, whether an echo came back, and when
 * and how the connection ended within the watch window (the end of the handshake response to the
 * close; -1 if it was still open).
 */
record Observation(int status, boolean echoed, long closedAfterMs, Integer closeCode) {

  static final Duration IO = Duration.ofSeconds(5);

  boolean open() {
    return closedAfterMs < 0;
  }

  /**
   * Upgrades on {@code path}, sends one text frame, then stays quiet for {@code window} watching
   * for the end of the connection. A close frame's code is kept; a bare FIN or reset has none.
   */
  static Observation watch(int port, String path, Duration window) throws IOException {
    try (RawClient c = RawClient.send(port, RawClient.upgradeRequest("HTTP/1.1", path), IO)) {
      if (c.status() != 101) {
        return new Observation(c.status(), false, -1, null);
      }
      boolean echoed = false;
      try {
        c.sendText("hello");
        RawClient.Frame f = c.pollFrame(Duration.ofSeconds(2), IO);
        echoed = f != null && f.opcode == 0x1 && "hello".equals(f.text());
        if (f != null && f.opcode == 0x8) {
          return new Observation(101, false, sinceResponse(c), f.closeCode());
        }
      } catch (IOException endedOrSilent) {
        // EOF, reset, or no echo within IO: the tunnel does not carry frames.
        return new Observation(101, false, sinceResponse(c), null);
      }
      long deadline = c.responseNanoTime + window.toNanos();
      while (System.nanoTime() < deadline) {
        Duration left = Duration.ofNanos(deadline - System.nanoTime());
        RawClient.Frame f;
        try {
          f = c.pollFrame(left, IO);
        } catch (IOException closed) {
          return new Observation(101, echoed, sinceResponse(c), null);
        }
        if (f != null && f.opcode == 0x8) {
          return new Observation(101, echoed, sinceResponse(c), f.closeCode());
        }
      }
      return new Observation(101, echoed, -1, null);
    }
  }

  private static long sinceResponse(RawClient c) {
    return (System.nanoTime() - c.responseNanoTime) / 1_000_000;
  }
}
