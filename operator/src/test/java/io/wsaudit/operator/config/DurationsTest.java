package io.wsaudit.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations as written in policies and flags. */
class DurationsTest {

  @Test
  void parsesGoStyleDurations() {
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("90")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void rejectsOtherText_andParseOrFallsBack() {
    assertThatThrownBy(() -> Durations.parse("5 minutes"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Durations.parse("m5")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Durations.parse("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Durations.parseOr("soon", Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
    assertThat(Durations.parseOr(null, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
  }
}
