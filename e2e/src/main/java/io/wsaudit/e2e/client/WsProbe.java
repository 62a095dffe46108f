package io.wsaudit.e2e.client;

import io.wsaudit.testkit.ws.RawClient;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * A WebSocket probe on the test kit's raw client (so it can say exactly how a connection died):
 * sends the upgrade request, then a masked text frame every {@code echoEvery} and counts the
 * echoes, until {@code hold} has passed (then it closes with 1000) or the connection dies first.
 */
public final class WsProbe {

  /** What happened to one connection attempt. */
  public record Outcome(
      String label,
      int status,
      Instant started,
      Instant upgraded,
      Instant ended,
      int sent,
      int echoes,
      String death,
      boolean survived) {

    public boolean upgradedOk() {
      return status == 101;
    }

    /** Time from the 101 to the end (or from the start when there was no 101). */
    public Duration lifetime() {
      return Duration.between(upgraded != null ? upgraded : started, ended);
    }

    public String describe() {
      if (survived) {
        return label
            + ": 101, open "
            + lifetime().toMillis()
            + " ms, "
            + echoes
            + "/"
            + sent
            + " echoes, closed by the client (1000)";
      }
      return label
          + ": "
          + (status > 0 ? String.valueOf(status) : "no response")
          + ", "
          + (upgraded != null
              ? "died " + lifetime().toMillis() + " ms after the 101"
              : "not upgraded")
          + " — "
          + death
          + (sent > 0 ? " (" + echoes + "/" + sent + " echoes)" : "");
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  /** How long the probe waits for a frame before it looks at the clock again. */
  private static final Duration POLL = Duration.ofMillis(50);

  private static final Duration IO = Duration.ofSeconds(10);

  private WsProbe() {}

  public static Outcome run(
      String label, int port, String host, String path, Duration hold, Duration echoEvery) {
    Attempt at = new Attempt(label);
    String request =
        RawClient.upgradeRequest(
            "HTTP/1.1",
            path,
            "Host: " + host,
            "Sec-WebSocket-Key: " + randomKey(),
            "User-Agent: wsaudit-e2e-probe");
    RawClient ws;
    try {
      ws = RawClient.send(port, request, IO);
    } catch (SocketTimeoutException e) {
      return at.died("no response within 10 s");
    } catch (IOException e) {
      return at.died("I/O error: " + e.getMessage());
    }
    try (ws) {
      if (ws.statusLine.isEmpty()) {
        return at.died("connection closed before any response");
      }
      at.status = ws.status();
      if (at.status != 101) {
        return at.died("upgrade refused: " + ws.statusLine);
      }
      at.upgraded = Instant.now();
      return hold(ws, at, at.upgraded.plus(hold), echoEvery);
    } catch (IOException e) {
      return at.died("I/O error: " + e.getMessage());
    }
  }

  /** Sends a text frame every {@code echoEvery} and counts the echoes, until {@code endAt}. */
  private static Outcome hold(RawClient ws, Attempt at, Instant endAt, Duration echoEvery)
      throws IOException {
    Instant nextSend = at.upgraded;
    while (true) {
      Instant now = Instant.now();
      if (!now.isBefore(endAt)) {
        ws.sendClose(1000, "");
        return at.closedByClient();
      }
      if (!now.isBefore(nextSend)) {
        try {
          ws.sendText("ping-" + at.sent);
          at.sent++;
        } catch (IOException e) {
          return at.died("write failed: " + e.getMessage());
        }
        nextSend = now.plus(echoEvery);
      }
      RawClient.Frame frame;
      try {
        frame = ws.pollFrame(POLL, IO);
      } catch (EOFException e) {
        return at.died("TCP connection closed without a WebSocket close frame (client sees 1006)");
      } catch (IOException e) {
        return at.died("connection reset (" + e.getMessage() + ")");
      }
      if (frame == null) {
        continue;
      }
      if (frame.opcode == 0x1) {
        at.echoes++;
      } else if (frame.opcode == 0x8) {
        return at.died("close frame from the server, code " + frame.closeCode());
      }
    }
  }

  private static String randomKey() {
    byte[] key = new byte[16];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /** What is known of one attempt so far, so that each way it can end is one call. */
  private static final class Attempt {
    final String label;
    final Instant started = Instant.now();
    int status = -1;
    Instant upgraded;
    int sent;
    int echoes;

    Attempt(String label) {
      this.label = label;
    }

    Outcome died(String death) {
      return new Outcome(
          label, status, started, upgraded, Instant.now(), sent, echoes, death, false);
    }

    Outcome closedByClient() {
      return new Outcome(label, status, started, upgraded, Instant.now(), sent, echoes, "", true);
    }
  }
}
