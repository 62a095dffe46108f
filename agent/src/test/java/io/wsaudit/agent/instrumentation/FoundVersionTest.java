package io.wsaudit.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FoundVersionTest {

  @Test
  void majorMinorKeepsTheFirstTwoParts() {
    assertThat(FoundVersion.majorMinor("2.3.18.Final")).isEqualTo("2.3");
    assertThat(FoundVersion.majorMinor("12.1.0")).isEqualTo("12.1");
    assertThat(FoundVersion.majorMinor("1.6")).isEqualTo("1.6");
  }

  @Test
  void majorMinorOfAVersionWithoutADotIsTheVersion() {
    assertThat(FoundVersion.majorMinor("12")).isEqualTo("12");
  }

  @Test
  void majorMinorOfNoVersionIsUnknown() {
    assertThat(FoundVersion.majorMinor(null)).isEqualTo("unknown");
  }
}
