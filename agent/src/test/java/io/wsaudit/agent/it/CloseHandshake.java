package io.wsaudit.agent.it;

import io.wsaudit.testkit.ws.RawClient;
import io.wsaudit.testkit.ws.RawClient.Frame;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

/** What the differential ITs compare between a server with and without the agent. */
final class CloseHandshake {

  private CloseHandshake() {}

  /**
   * Echo, then a client close (1000, "bye"): the server's close frame byte for byte and whether TCP
   * closes — for differential tests, since the agents read the peer's close frame before the server
   * does.
   */
  static String of(int port, String path) throws IOException {
    try (RawClient c =
        RawClient.send(port, RawClient.upgradeRequest("HTTP/1.1", path), Duration.ofSeconds(5))) {
      c.sendText("x");
      String echo = c.readFrame().text();
      c.sendClose(1000, "bye");
      Frame close = c.readFrame();
      return "echo="
          + echo
          + " close opcode="
          + close.opcode
          + " code="
          + close.closeCode()
          + " payload="
          + Arrays.toString(close.payload)
          + " closed="
          + c.serverClosesWithin(Duration.ofSeconds(2));
    }
  }
}
