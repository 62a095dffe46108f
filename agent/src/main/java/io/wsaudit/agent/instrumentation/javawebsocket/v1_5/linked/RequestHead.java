package io.wsaudit.agent.instrumentation.javawebsocket.v1_5.linked;

import io.wsaudit.agent.telemetry.RequestHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The request line and headers of an upgrade request, read from the bytes Java-WebSocket parses, as
 * received: every value of a repeated header in arrival order (Java-WebSocket's own handshake
 * object joins them with "; ").
 */
final class RequestHead implements RequestHeaders {

  /** Bytes examined at most; a request head longer than this is read as far as it goes. */
  private static final int MAX_HEAD = 16 * 1024;

  final String method;
  final String target;
  final String protocol;

  /** Whether the request line has the three tokens Java-WebSocket requires. */
  final boolean wellFormed;

  private final List<String[]> headers;

  private RequestHead(
      String method, String target, String protocol, boolean wellFormed, List<String[]> headers) {
    this.method = method;
    this.target = target;
    this.protocol = protocol;
    this.wellFormed = wellFormed;
    this.headers = headers;
  }

  /**
   * Reads the head from the buffer's position without moving it; lines end with CRLF, as the server
   * reads them.
   */
  static RequestHead parse(ByteBuffer source) {
    ByteBuffer buf = source.duplicate();
    int length = Math.min(buf.remaining(), MAX_HEAD);
    byte[] bytes = new byte[length];
    buf.get(bytes);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end >= 0) {
      text = text.substring(0, end);
    }
    String[] lines = text.split("\r\n", -1);
    String[] tokens = lines[0].split(" ", 3);
    boolean wellFormed = tokens.length == 3;
    String method = tokens.length >= 1 && !tokens[0].isEmpty() ? tokens[0] : null;
    String target = tokens.length >= 2 ? tokens[1] : null;
    String protocol = tokens.length >= 3 ? tokens[2] : null;
    List<String[]> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.add(
            new String[] {
              lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).trim()
            });
      }
    }
    return new RequestHead(method, target, protocol, wellFormed, headers);
  }

  @Override
  public List<String> values(String name) {
    List<String> values = null;
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) {
        if (values == null) {
          values = new ArrayList<>(1);
        }
        values.add(h[1]);
      }
    }
    return values == null ? Collections.emptyList() : values;
  }
}
