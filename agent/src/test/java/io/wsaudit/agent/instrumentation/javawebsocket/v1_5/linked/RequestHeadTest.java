package io.wsaudit.agent.instrumentation.javawebsocket.v1_5.linked;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.agent.telemetry.HandshakeDecision;
import io.wsaudit.contract.WsAuditSpans.Rejection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestHeadTest {

  private static final String KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

  @Test
  void keepsEveryValueOfARepeatedHeaderInArrivalOrderAndLeavesTheBufferAlone() {
    ByteBuffer buf =
        bytes(
            "GET /ws?x=1 HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 1.1.1.1\r\nconnection: Upgrade\r\n"
                + "X-Forwarded-For: 2.2.2.2\r\n\r\n\u0081\u0085frame");
    int position = buf.position();
    RequestHead head = RequestHead.parse(buf);
    assertThat(buf.position()).isEqualTo(position);
    assertThat(head.method).isEqualTo("GET");
    assertThat(head.target).isEqualTo("/ws?x=1");
    assertThat(head.protocol).isEqualTo("HTTP/1.1");
    assertThat(head.wellFormed).isTrue();
    assertThat(head.values("x-forwarded-for")).containsExactly("1.1.1.1", "2.2.2.2");
    assertThat(head.values("Connection")).containsExactly("Upgrade");
    assertThat(head.values("upgrade")).isEmpty();
  }

  @Test
  void classifiesInTheServersOrder() {
    assertThat(classify("GET /ws HTTP/1.0\r\n" + KEY + "Sec-WebSocket-Version: 8\r\n\r\n"))
        .isEqualTo(Rejection.HTTP_VERSION);
    assertThat(classify("POST /ws HTTP/1.0\r\n" + KEY + "Sec-WebSocket-Version: 13\r\n\r\n"))
        .isEqualTo(Rejection.METHOD);
    assertThat(classify("GET /ws HTTP/2.0\r\n" + KEY + "Sec-WebSocket-Version: 13\r\n\r\n"))
        .isEqualTo(Rejection.HTTP_VERSION);
    assertThat(classify("GET /ws HTTP/1.1\r\n" + KEY + "\r\n")).isEqualTo(Rejection.BAD_VERSION);
    assertThat(
            classify(
                "GET /ws HTTP/1.1\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: \r\n\r\n"))
        .isEqualTo(Rejection.MISSING_KEY);
    // Everything the server checks passed: a subprotocol mismatch or the application's own refusal.
    assertThat(classify("GET /ws HTTP/1.1\r\n" + KEY + "Sec-WebSocket-Version: 13\r\n\r\n"))
        .isEqualTo(Rejection.OTHER);
    assertThat(classify("GARBAGE\r\n\r\n")).isEqualTo(Rejection.OTHER);
  }

  private static String classify(String request) {
    RequestHead head = RequestHead.parse(bytes(request));
    HandshakeDecision d =
        new HandshakeDecision()
            .method(head.method)
            .protocol(head.protocol)
            .headers(head)
            .status(404);
    return RequestHead.classify(d, head);
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
  }
}
