package io.wsaudit.agent.instrumentation.javawebsocket.v1_5.linked;

import io.wsaudit.agent.telemetry.HandshakeCheck;
import io.wsaudit.agent.telemetry.HandshakeDecision;
import io.wsaudit.agent.telemetry.RequestHeaders;
import io.wsaudit.contract.WsAuditSpans.Rejection;
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

  /**
   * Java-WebSocket's server checks, in its order: request line of three tokens, {@code GET},
   * exactly {@code HTTP/1.1} ({@code Draft#translateHandshakeHttpServer}), {@code
   * Sec-WebSocket-Version: 13}, extension and subprotocol ({@code
   * Draft_6455#acceptHandshakeAsServer}), the application's {@code
   * onWebsocketHandshakeReceivedAsServer}, a non-empty key ({@code
   * postProcessHandshakeResponseAsServer}). It checks neither {@code Upgrade} nor {@code
   * Connection}.
   */
  static String classify(HandshakeDecision d, RequestHead head) {
    if (head == null || !head.wellFormed) {
      return Rejection.OTHER;
    }
    String first = HandshakeCheck.classify(d, HandshakeCheck.METHOD_GET);
    if (!Rejection.OTHER.equals(first)) {
      return first;
    }
    if (!"HTTP/1.1".equalsIgnoreCase(head.protocol)) {
      return Rejection.HTTP_VERSION;
    }
    String version = HandshakeCheck.classify(d, HandshakeCheck.VERSION_13);
    if (!Rejection.OTHER.equals(version)) {
      return version;
    }
    String key = head.first("sec-websocket-key");
    if (key == null || key.isEmpty()) {
      return Rejection.MISSING_KEY;
    }
    return Rejection.OTHER;
  }
}
