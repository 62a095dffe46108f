package io.wsaudit.bench.hookcost;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The probe's client: plain sockets and pre-built bytes, so that nothing an agent instruments runs
 * on the client side and the client's own allocation stays out of the way (its thread is not
 * counted anyway). Requests as a browser sends them: a host, a user agent, accept headers.
 */
final class RawHttpClient {

  private static final byte[] CLOSE_1000 = maskedFrame(0x8, new byte[] {0x03, (byte) 0xE8});
  private static final byte[] TEXT_HELLO =
      maskedFrame(0x1, "hello".getBytes(StandardCharsets.US_ASCII));

  private final int port;
  private final byte[] upgrade;

  RawHttpClient(int port) {
    this.port = port;
    this.upgrade =
        ascii(
            "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\nUser-Agent: hook-cost/1.0\r\nAccept-Encoding: gzip, deflate\r\n"
                + "Accept-Language: en-US\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Origin: http://127.0.0.1:"
                + port
                + "\r\n\r\n");
  }

  /**
   * {@code count} GETs of {@code path} on a kept-alive connection (a new one when the server closes
   * it), each answer read in full.
   */
  void plainRequests(String path, int count) throws IOException {
    byte[] request =
        ascii(
            "GET "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\nUser-Agent: hook-cost/1.0\r\nAccept: text/html,*/*;q=0.8\r\n"
                + "Accept-Encoding: gzip, deflate\r\nAccept-Language: en-US\r\n\r\n");
    int done = 0;
    while (done < count) {
      try (Socket socket = connect()) {
        OutputStream out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        boolean closing = false;
        while (done < count && !closing) {
          out.write(request);
          out.flush();
          closing = HttpResponseReader.readResponse(in);
          done++;
        }
      }
    }
  }

  /**
   * {@code count} connections, each: handshake, one text message and its echo, the client's close
   * frame and the server's answer, then the socket closed (the bench's connection loop).
   */
  void upgrades(int count) throws IOException {
    for (int i = 0; i < count; i++) {
      messagesThenClose(1);
    }
  }

  /** One upgraded connection, {@code count} text messages each awaited as its echo, then closed. */
  void messages(int count) throws IOException {
    messagesThenClose(count);
  }

  private void messagesThenClose(int messages) throws IOException {
    try (Socket socket = upgraded()) {
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      for (int i = 0; i <= messages; i++) {
        // the messages' echoes, then the close frame and the server's answer to it
        out.write(i < messages ? TEXT_HELLO : CLOSE_1000);
        out.flush();
        HttpResponseReader.skipFrame(in);
      }
    }
  }

  /**
   * A connection whose handshake the server answered with 101. The 101's head is read byte by byte,
   * so nothing after it is buffered away from the caller's own stream.
   */
  private Socket upgraded() throws IOException {
    Socket socket = connect();
    socket.getOutputStream().write(upgrade);
    socket.getOutputStream().flush();
    int status = HttpResponseReader.readHead(socket.getInputStream()).status();
    if (status != 101) {
      socket.close();
      throw new IOException("upgrade answered " + status);
    }
    return socket;
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(10_000);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    return socket;
  }

  /** A client frame (FIN set, masked as RFC 6455 requires) with a payload under 126 bytes. */
  private static byte[] maskedFrame(int opCode, byte[] payload) {
    byte[] mask = {0x11, 0x22, 0x33, 0x44};
    byte[] frame = new byte[6 + payload.length];
    frame[0] = (byte) (0x80 | opCode);
    frame[1] = (byte) (0x80 | payload.length);
    System.arraycopy(mask, 0, frame, 2, 4);
    for (int i = 0; i < payload.length; i++) {
      frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    return frame;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
