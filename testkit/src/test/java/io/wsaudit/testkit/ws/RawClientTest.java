package io.wsaudit.testkit.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RawClientTest {

  private static final Duration IO = Duration.ofSeconds(5);

  private ServerSocket listener;
  private final CompletableFuture<String> requestHead = new CompletableFuture<>();

  /**
   * A one-connection fake server: answers 101, unmasks the client's first frame and echoes it
   * (unmasked, as servers send), then waits for the client to close.
   */
  @BeforeEach
  void start() throws IOException {
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread server =
        new Thread(
            () -> {
              try (Socket s = listener.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                  head.append((char) in.read());
                }
                requestHead.complete(head.toString());
                out.write(
                    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nDate: x\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                int b0 = in.read();
                int len = in.read() & 0x7f;
                byte[] mask = in.readNBytes(4);
                byte[] payload = in.readNBytes(len);
                for (int i = 0; i < len; i++) {
                  payload[i] ^= mask[i % 4];
                }
                out.write(new byte[] {(byte) b0, (byte) len});
                out.write(payload);
                out.flush();
                in.read(); // until the client closes
              } catch (IOException ignored) {
                // the test ended the connection
              }
            },
            "fake-ws-server");
    server.setDaemon(true);
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    listener.close();
  }

  @Test
  void upgradeRequestHasTheUsualHeadersEachReplaceableOrDroppable() {
    String request =
        RawClient.upgradeRequest("HTTP/1.0", "/p", "Connection:", "Host: a.example", "X-A: 1");
    assertThat(request)
        .startsWith("GET /p HTTP/1.0\r\n")
        .contains("Upgrade: websocket\r\n", "Sec-WebSocket-Version: 13\r\n", "Host: a.example\r\n")
        .contains("Sec-WebSocket-Key: " + RawClient.KEY + "\r\n", "X-A: 1\r\n")
        .doesNotContain("Connection", "127.0.0.1")
        .endsWith("\r\n\r\n");
  }

  @Test
  void readsAResponseHeadUpToItsEmptyLine() throws IOException {
    InputStream in =
        new ByteArrayInputStream(
            "HTTP/1.1 404 Not Found\r\nA: b\r\n\r\nbody".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(RawClient.readHead(in)).isEqualTo("HTTP/1.1 404 Not Found\r\nA: b\r\n\r\n");
    assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("body");
  }

  @Test
  void readsTheResponseHeadThenEchoesAFrameAndSeesTheServerGo() throws Exception {
    try (RawClient c =
        RawClient.send(listener.getLocalPort(), RawClient.upgradeRequest("HTTP/1.1", "/ws"), IO)) {
      assertThat(requestHead.get()).startsWith("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      assertThat(c.status()).isEqualTo(101);
      assertThat(c.header("upgrade")).containsExactly("websocket");
      assertThat(c.headWithoutDate()).doesNotContain("Date");

      assertThat(c.pollFrame(Duration.ofMillis(50), IO)).isNull();
      c.sendText("hello");
      RawClient.Frame echo = c.pollFrame(IO, IO);
      assertThat(echo.opcode).isEqualTo(1);
      assertThat(echo.text()).isEqualTo("hello");
      assertThat(c.serverClosesWithin(Duration.ofMillis(100))).isFalse();
    }
  }

  @Test
  void aConnectionTheServerEndsIsAnEofOnTheNextFrame() throws Exception {
    try (RawClient c =
        RawClient.send(listener.getLocalPort(), RawClient.upgradeRequest("HTTP/1.1", "/ws"), IO)) {
      c.sendText("x");
      c.readFrame();
      c.sendClose(1000, "bye"); // the fake server reads the first byte of it and goes
      assertThatThrownBy(c::readFrame).isInstanceOf(EOFException.class);
    }
  }
}
