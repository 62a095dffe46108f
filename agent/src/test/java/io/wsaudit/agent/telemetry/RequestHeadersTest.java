package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestHeadersTest {

  @Test
  void tokensAreListElementsIgnoringCaseAndBlanks() {
    assertThat(RequestHeaders.containsToken("Upgrade", "upgrade")).isTrue();
    assertThat(RequestHeaders.containsToken("keep-alive, Upgrade", "upgrade")).isTrue();
    assertThat(RequestHeaders.containsToken(" upgrade ,keep-alive", "upgrade")).isTrue();
    assertThat(RequestHeaders.containsToken("keep-alive,,upgrade,", "upgrade")).isTrue();
    assertThat(RequestHeaders.containsToken("upgrades", "upgrade")).isFalse();
    assertThat(RequestHeaders.containsToken("keep-alive, h2c-upgrade", "upgrade")).isFalse();
    assertThat(RequestHeaders.containsToken("", "upgrade")).isFalse();
  }

  @Test
  void aWebSocketAttemptIsNamedByItsHeaders() {
    Map<String, List<String>> ws = Map.of("upgrade", List.of("h2c", "WebSocket"));
    Map<String, List<String>> h2c =
        Map.of("upgrade", List.of("h2c"), "connection", List.of("Upgrade, HTTP2-Settings"));
    assertThat(((RequestHeaders) name -> ws.getOrDefault(name, List.of())).isWebSocketAttempt())
        .isTrue();
    assertThat(((RequestHeaders) name -> h2c.getOrDefault(name, List.of())).isWebSocketAttempt())
        .isFalse();
  }

  @Test
  void valuesKeepTheirOrderAndNoneIsAnEmptyList() {
    RequestHeaders.Values none = new RequestHeaders.Values();
    assertThat(none.list()).isEmpty();
    RequestHeaders.Values one = new RequestHeaders.Values();
    one.add("a");
    assertThat(one.list()).containsExactly("a");
    RequestHeaders.Values three = new RequestHeaders.Values();
    three.add("a");
    three.add("b");
    three.add("c");
    assertThat(three.list()).containsExactly("a", "b", "c");
  }
}
