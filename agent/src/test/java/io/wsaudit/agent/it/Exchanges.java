package io.wsaudit.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.testkit.ws.RawClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The WebSocket exchanges the ITs make over a raw connection, written once. */
final class Exchanges {

  private Exchanges() {}

  /** Sends an upgrade request ({@link RawClient#upgradeRequest}) and reads the answer's head. */
  static RawClient open(
      int port, Duration timeout, String version, String pathAndQuery, String... headers)
      throws IOException {
    return RawClient.send(port, RawClient.upgradeRequest(version, pathAndQuery, headers), timeout);
  }

  /** An upgrade answered 101; then the client hangs up without a close frame. */
  static void upgradeAndHangUp(int port, Duration timeout, String version, String path)
      throws IOException {
    try (RawClient ws = open(port, timeout, version, path)) {
      assertThat(ws.status()).isEqualTo(101);
    }
  }

  /** 101, an echo of {@code text}, then a client close the server answers with the same code. */
  static void echoThenClose(RawClient ws, String text, int code, String reason) throws IOException {
    assertThat(ws.status()).isEqualTo(101);
    ws.sendText(text);
    RawClient.Frame echo = ws.readFrame();
    assertThat(echo.opcode).isEqualTo(0x1);
    assertThat(echo.text()).isEqualTo(text);
    ws.sendClose(code, reason);
    RawClient.Frame close = ws.readFrame();
    assertThat(close.opcode).isEqualTo(0x8);
    assertThat(close.closeCode()).isEqualTo(code);
  }

  /** The server's close frame with {@code code}, answered; then the server ends TCP. */
  static void answerServerClose(RawClient ws, int code, Duration timeout) throws IOException {
    RawClient.Frame frame = ws.readFrame(); // bounded by the socket timeout
    assertThat(frame.opcode).isEqualTo(0x8);
    assertThat(frame.closeCode()).isEqualTo(code);
    try {
      ws.sendClose(code, "");
    } catch (IOException closedAlready) {
      // Some servers (Java-WebSocket) end TCP once their close frame is out.
    }
    assertThat(ws.serverClosesWithin(timeout)).isTrue();
  }

  /**
   * Upgrades over a plain socket, sends {@code frame} as it is (one {@link RawClient} would not
   * build: unmasked, a reserved opcode) and returns the code of the server's close frame, or -1 for
   * a close frame without one.
   */
  static int closeCodeAnswering(int port, String upgradeRequest, byte[] frame, Duration timeout)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(upgradeRequest.getBytes(StandardCharsets.ISO_8859_1));
      assertThat(RawClient.readHead(in)).startsWith("HTTP/1.1 101");
      out.write(frame);
      out.flush();
      assertThat(in.read()).as("FIN + close").isEqualTo(0x88);
      byte[] payload = in.readNBytes(in.read() & 0x7F);
      return payload.length < 2 ? -1 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    }
  }

  /** A text frame without the mask bit: RFC 6455 wants a client's frames masked. */
  static final byte[] UNMASKED_TEXT = {(byte) 0x81, 0x02, 'h', 'i'};

  /** FIN with the reserved opcode 3, masked, empty. */
  static final byte[] RESERVED_OPCODE = {(byte) 0x83, (byte) 0x80, 1, 2, 3, 4};

  /** A masked close frame without payload: no code. */
  static final byte[] EMPTY_CLOSE = {(byte) 0x88, (byte) 0x80, 1, 2, 3, 4};
}
