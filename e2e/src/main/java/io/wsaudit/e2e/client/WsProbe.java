package io.wsaudit.e2e.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * A WebSocket client on a raw socket (so it can say exactly how a connection died): sends the
 * upgrade request, then a masked text frame every {@code echoEvery} (or none) and counts the
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

  private WsProbe() {}

  /**
   * @param echoEvery how often to send a text frame; null sends none (an idle client, whose
   *     connection lasts until {@code hold} has passed or something on the way ends it)
   */
  public static Outcome run(
      String label, int port, String host, String path, Duration hold, Duration echoEvery) {
    Attempt at = new Attempt(label);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(50);
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      byte[] keyBytes = new byte[16];
      RANDOM.nextBytes(keyBytes);
      String request =
          "GET "
              + path
              + " HTTP/1.1\r\nHost: "
              + host
              + "\r\nUpgrade: websocket\r\n"
              + "Connection: Upgrade\r\nSec-WebSocket-Key: "
              + Base64.getEncoder().encodeToString(keyBytes)
              + "\r\nSec-WebSocket-Version: 13\r\nUser-Agent: wsaudit-e2e-probe\r\n\r\n";
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();

      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      Instant headerDeadline = at.started.plusSeconds(10);
      int headerEnd = -1;
      while (headerEnd < 0) {
        if (Instant.now().isAfter(headerDeadline)) {
          return at.died("no response within 10 s");
        }
        int n;
        try {
          n = in.read(chunk);
        } catch (SocketTimeoutException e) {
          continue;
        }
        if (n < 0) {
          return at.died("connection closed before any response");
        }
        buf.write(chunk, 0, n);
        headerEnd =
            ProbeFrames.indexOf(buf.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      byte[] all = buf.toByteArray();
      String head = new String(all, 0, headerEnd, StandardCharsets.ISO_8859_1);
      String[] statusLine = head.split("\r\n", 2)[0].split(" ");
      at.status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
      if (at.status != 101) {
        return at.died("upgrade refused: " + head.split("\r\n", 2)[0]);
      }
      at.upgraded = Instant.now();
      ProbeFrames frames = new ProbeFrames();
      frames.add(all, headerEnd + 4, all.length - headerEnd - 4);

      Instant endAt = at.upgraded.plus(hold);
      Instant nextSend = at.upgraded;
      while (true) {
        Instant now = Instant.now();
        if (!now.isBefore(endAt)) {
          ProbeFrames.send(out, 0x8, new byte[] {0x03, (byte) 0xe8});
          return at.closedByClient();
        }
        if (echoEvery != null && !now.isBefore(nextSend)) {
          try {
            ProbeFrames.send(out, 0x1, ("ping-" + at.sent).getBytes(StandardCharsets.UTF_8));
            at.sent++;
          } catch (IOException e) {
            return at.died("write failed: " + e.getMessage());
          }
          nextSend = now.plus(echoEvery);
        }
        int n;
        try {
          n = in.read(chunk);
        } catch (SocketTimeoutException e) {
          continue;
        } catch (IOException e) {
          return at.died("connection reset (" + e.getMessage() + ")");
        }
        if (n < 0) {
          return at.died(
              "TCP connection closed without a WebSocket close frame (client sees 1006)");
        }
        frames.add(chunk, 0, n);
        int[] frame;
        while ((frame = frames.next()) != null) {
          int opcode = frame[0];
          if (opcode == 0x1) {
            at.echoes++;
          } else if (opcode == 0x8) {
            return at.died("close frame from the server, code " + frame[1]);
          }
        }
      }
    } catch (IOException e) {
      return at.died("I/O error: " + e.getMessage());
    }
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
