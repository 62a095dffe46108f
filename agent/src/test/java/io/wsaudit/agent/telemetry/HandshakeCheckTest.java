package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsaudit.contract.WsAuditSpans.Rejection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeCheckTest {

  private static final HandshakeCheck[] ALL = HandshakeCheck.values();

  static HandshakeDecision request(String version, String... headerPairs) {
    Map<String, List<String>> headers = new HashMap<>();
    headers.put("upgrade", List.of("websocket"));
    headers.put("connection", List.of("keep-alive, Upgrade"));
    headers.put("sec-websocket-key", List.of("dGhlIHNhbXBsZSBub25jZQ=="));
    headers.put("sec-websocket-version", List.of("13"));
    for (int i = 0; i < headerPairs.length; i += 2) {
      String name = headerPairs[i].toLowerCase(Locale.ROOT);
      if (headerPairs[i + 1] == null) {
        headers.remove(name);
      } else {
        headers.put(name, List.of(headerPairs[i + 1]));
      }
    }
    return new HandshakeDecision()
        .method("GET")
        .protocol(version)
        .status(400)
        .headers(name -> headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
  }

  @Test
  void firstFailingCheckInTheServersOrderNamesTheRejection() {
    assertThat(HandshakeCheck.classify(request("HTTP/1.0"), ALL)).isEqualTo(Rejection.HTTP_VERSION);
    assertThat(HandshakeCheck.classify(request("HTTP/1.1", "upgrade", null), ALL))
        .isEqualTo(Rejection.MISSING_UPGRADE);
    assertThat(HandshakeCheck.classify(request("HTTP/1.1", "connection", "keep-alive"), ALL))
        .isEqualTo(Rejection.MISSING_CONNECTION_UPGRADE);
    assertThat(HandshakeCheck.classify(request("HTTP/1.1", "sec-websocket-version", "8"), ALL))
        .isEqualTo(Rejection.BAD_VERSION);
    assertThat(HandshakeCheck.classify(request("HTTP/1.1", "sec-websocket-key", "short"), ALL))
        .isEqualTo(Rejection.MISSING_KEY);
    assertThat(HandshakeCheck.classify(request("HTTP/1.1").method("POST"), ALL))
        .isEqualTo(Rejection.METHOD);
    assertThat(HandshakeCheck.classify(request("HTTP/1.1").status(403), ALL))
        .isEqualTo(Rejection.ORIGIN);
    assertThat(HandshakeCheck.classify(request("HTTP/1.1"), ALL)).isEqualTo(Rejection.OTHER);
  }

  @Test
  void aServerThatDoesNotCheckTheVersionNeverBlamesIt() {
    HandshakeDecision http10WithoutConnection = request("HTTP/1.0", "connection", null);
    assertThat(HandshakeCheck.classify(http10WithoutConnection, HandshakeCheck.CONNECTION_UPGRADE))
        .isEqualTo(Rejection.MISSING_CONNECTION_UPGRADE);
    assertThat(
            HandshakeCheck.classify(
                request("HTTP/1.1", "sec-websocket-version", "8"), HandshakeCheck.VERSION_HYBI))
        .isEqualTo(Rejection.OTHER);
  }

  @Test
  void webSocketAttemptsAreNotOtherUpgrades() {
    assertThat(request("HTTP/1.1").headers().isWebSocketAttempt()).isTrue();
    RequestHeaders h2c = name -> name.equals("upgrade") ? List.of("h2c") : List.of();
    assertThat(h2c.isWebSocketAttempt()).isFalse();
    RequestHeaders strippedByProxy =
        name -> name.equals("sec-websocket-key") ? List.of("x") : List.of();
    assertThat(strippedByProxy.isWebSocketAttempt()).isTrue();
  }

  @Test
  void pathNeverKeepsTheQueryAndProtocolIsTheBareVersion() {
    HandshakeDecision d = new HandshakeDecision().path("/ws?token=secret").protocol("HTTP/1.0");
    assertThat(d.path()).isEqualTo("/ws");
    assertThat(d.protocolVersion()).isEqualTo("1.0");
  }
}
