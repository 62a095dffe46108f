package io.wsaudit.operator.proxy.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HaproxyDurationsTest {

  @ParameterizedTest(name = "{0} = {1} ms")
  @CsvSource({
    "50s, 50000",
    "1h, 3600000",
    "30m, 1800000",
    "500ms, 500",
    "30000, 30000",
    "0, 0",
    "2d, 172800000",
    "2147483647, 2147483647",
    "2147483s, 2147483000"
  })
  void readsTheControllersTimeSyntax(String raw, long millis) {
    assertThat(HaproxyDurations.parseMillis(raw)).isEqualTo(millis);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|empty",
        "1.5s|not a HAProxy time",
        "-5s|not a HAProxy time",
        "5 s|not a HAProxy time",
        "5sec|not a HAProxy time",
        "s|not a HAProxy time",
        "10us|not a HAProxy time",
        "2147483648|exceeds haproxy's largest timeout",
        "25d|exceeds haproxy's largest timeout",
        "9999999999999999h|not a HAProxy time"
      })
  void refusesWhatTheControllerOrHaproxyWouldRefuse(String raw, String message) {
    assertThatThrownBy(() -> HaproxyDurations.parseMillis(raw))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
    assertThat(HaproxyDurations.millisOrInvalid(raw)).isEqualTo(-1);
  }

  @ParameterizedTest(name = "{0} ms = {1}")
  @CsvSource({
    "3600000, 1h",
    "7200000, 2h",
    "1800000, 30m",
    "90000, 90s",
    "50000, 50s",
    "1500, 1500ms",
    "0, 0",
    "86400000, 24h"
  })
  void formatsInTheLargestExactUnitAndReadsBack(long millis, String text) {
    assertThat(HaproxyDurations.format(millis)).isEqualTo(text);
    assertThat(HaproxyDurations.parseMillis(text)).isEqualTo(millis);
  }

  @Test
  void refusesToFormatWhatHaproxyWouldRefuse() {
    assertThatThrownBy(() -> HaproxyDurations.format(HaproxyDurations.MAX_MILLIS + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HaproxyDurations.format(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
