package io.wsaudit.operator.proxy.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayDurationTest {

  @ParameterizedTest(name = "{0} = {1} ms")
  @CsvSource({
    "1h, 3600000",
    "300s, 300000",
    "1m30s, 90000",
    "1h0m0s500ms, 3600500",
    "0s, 0",
    "250ms, 250"
  })
  void parsesGatewayApiDurations(String text, long millis) {
    assertThat(GatewayDuration.parse(text)).contains(Duration.ofMillis(millis));
  }

  @ParameterizedTest(name = "{0} is refused")
  @CsvSource({"1 hour", "3600", "1.5h", "-1s", "1d", "123456s", "1h1m1s1ms1h"})
  void refusesWhatTheCrdPatternRefuses(String text) {
    assertThat(GatewayDuration.parse(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0} s -> {1}")
  @CsvSource({"3600, 1h", "300, 300s", "7200, 2h", "99999, 99999s", "100000, 28h"})
  void formatsTheShortestValidForm(long seconds, String text) {
    assertThat(GatewayDuration.format(Duration.ofSeconds(seconds))).isEqualTo(text);
    assertThat(GatewayDuration.parse(text).orElseThrow())
        .isGreaterThanOrEqualTo(Duration.ofSeconds(seconds));
  }
}
