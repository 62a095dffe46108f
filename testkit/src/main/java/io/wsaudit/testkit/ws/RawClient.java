package io.wsaudit.testkit.ws;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A raw-socket HTTP/WebSocket client for the requests a real client library will not send: HTTP/1.0
 * upgrades, missing headers, garbage, and connections dropped without a close frame. It speaks just
 * enough RFC 6455 framing (masked client frames) for echo and close tests.
 */
public final class RawClient implements AutoCloseable {

  public static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  public final String statusLine;
  public final List<String> headers;
  public final long responseNanoTime;

  /** The local port of this client, which the server sees as the peer port. */
  public int localPort() {
    return socket.getLocalPort();
  }

  private RawClient(Socket socket, String statusLine, List<String> headers) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.statusLine = statusLine;
    this.headers = headers;
    this.responseNanoTime = System.nanoTime();
  }

  /**
   * A WebSocket upgrade request with the usual headers, each of which can be replaced or dropped.
   */
  public static String upgradeRequest(String version, String path, String... extraHeaderLines) {
    StringBuilder sb = new StringBuilder("GET " + path + " " + version + "\r\n");
    List<String> extras = List.of(extraHeaderLines);
    addUnlessOverridden(sb, extras, "Host: 127.0.0.1");
    addUnlessOverridden(sb, extras, "Upgrade: websocket");
    addUnlessOverridden(sb, extras, "Connection: Upgrade");
    addUnlessOverridden(sb, extras, "Sec-WebSocket-Key: " + KEY);
    addUnlessOverridden(sb, extras, "Sec-WebSocket-Version: 13");
    for (String extra : extras) {
      if (!extra.endsWith(":")) {
        sb.append(extra).append("\r\n");
      }
    }
    return sb.append("\r\n").toString();
  }

  /** An extra line {@code "Name:"} drops the default header; {@code "Name: value"} replaces it. */
  private static void addUnlessOverridden(StringBuilder sb, List<String> extras, String line) {
    String name = line.substring(0, line.indexOf(':') + 1).toLowerCase(Locale.ROOT);
    for (String extra : extras) {
      if (extra.toLowerCase(Locale.ROOT).startsWith(name)) {
        return;
      }
    }
    sb.append(line).append("\r\n");
  }

  /**
   * Sends {@link #upgradeRequest} over {@code version} tagged {@code X-Request-ID: requestId}, by
   * which the test finds the connection's spans.
   */
  public static RawClient upgrade(
      int port,
      String version,
      String pathAndQuery,
      String requestId,
      Duration timeout,
      String... extraHeaderLines)
      throws IOException {
    List<String> lines = new ArrayList<>(List.of(extraHeaderLines));
    lines.add("X-Request-ID: " + requestId);
    return send(port, upgradeRequest(version, pathAndQuery, lines.toArray(String[]::new)), timeout);
  }

  /** Sends raw bytes and reads the response head (bounded by {@code timeout}). */
  public static RawClient send(int port, String request, Duration timeout) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout((int) timeout.toMillis());
    socket.setTcpNoDelay(true); // small frames go out at once, as a real client's do
    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched =
          (b == '\r' && (matched == 0 || matched == 2))
                  || (b == '\n' && (matched == 1 || matched == 3))
              ? matched + 1
              : (b == '\r' ? 1 : 0);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    List<String> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (!lines[i].isEmpty()) {
        headers.add(lines[i]);
      }
    }
    return new RawClient(socket, lines.length > 0 ? lines[0] : "", headers);
  }

  /** A raw HTTP response head read from a caller's own socket, up to its empty line. */
  public static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  public int status() {
    String[] parts = statusLine.split(" ");
    return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
  }

  public List<String> header(String name) {
    List<String> values = new ArrayList<>();
    for (String h : headers) {
      int colon = h.indexOf(':');
      if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase(name)) {
        values.add(h.substring(colon + 1).trim());
      }
    }
    return values;
  }

  /** The response head without the Date header, for comparing two servers' answers. */
  public String headWithoutDate() {
    StringBuilder sb = new StringBuilder(statusLine).append('\n');
    headers.stream()
        .filter(h -> !h.toLowerCase(Locale.ROOT).startsWith("date:"))
        .forEach(h -> sb.append(h).append('\n'));
    return sb.toString();
  }

  public void sendText(String text) throws IOException {
    sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
  }

  public void sendPing(String payload) throws IOException {
    sendFrame(0x9, payload.getBytes(StandardCharsets.UTF_8));
  }

  public void sendPong(byte[] payload) throws IOException {
    sendFrame(0xA, payload);
  }

  public void sendClose(int code, String reason) throws IOException {
    byte[] r = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[2 + r.length];
    payload[0] = (byte) (code >> 8);
    payload[1] = (byte) code;
    System.arraycopy(r, 0, payload, 2, r.length);
    sendFrame(0x8, payload);
  }

  private void sendFrame(int opcode, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x80 | opcode);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >> 8);
      frame.write(payload.length);
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  /**
   * Reads one server frame; throws on timeout, and {@link EOFException} when the server ended the
   * connection (TCP, without a frame).
   */
  public Frame readFrame() throws IOException {
    return readFrameAfter(in.read());
  }

  /**
   * A frame if one starts within {@code wait}, else null; nothing is lost on a null (the wait ends
   * before the frame's first byte is read). The rest of a started frame has {@code rest} to come.
   */
  public Frame pollFrame(Duration wait, Duration rest) throws IOException {
    int b0;
    socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
    try {
      b0 = in.read();
    } catch (SocketTimeoutException e) {
      return null;
    }
    socket.setSoTimeout((int) rest.toMillis());
    return readFrameAfter(b0);
  }

  private Frame readFrameAfter(int b0) throws IOException {
    int b1 = b0 < 0 ? -1 : in.read();
    if (b0 < 0 || b1 < 0) {
      throw new EOFException("connection closed");
    }
    long len = b1 & 0x7F;
    if (len == 126) {
      len = (in.read() << 8) | in.read();
    } else if (len == 127) {
      len = 0;
      for (int i = 0; i < 8; i++) {
        len = (len << 8) | in.read();
      }
    }
    byte[] payload = in.readNBytes((int) len);
    return new Frame(b0 & 0x0F, payload);
  }

  /**
   * True when the server ends the connection (EOF or reset) within {@code timeout}, ignoring frames
   * it sends.
   */
  public boolean serverClosesWithin(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        if (in.read() < 0) {
          return true;
        }
      }
      return false;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  /** Drops the TCP connection at once: RST, no close frame, no FIN handshake. */
  public void abort() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** One WebSocket frame. */
  public static final class Frame {
    public final int opcode;
    public final byte[] payload;

    Frame(int opcode, byte[] payload) {
      this.opcode = opcode;
      this.payload = payload;
    }

    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }
  }
}
