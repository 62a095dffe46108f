package io.wsaudit.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code ./demo.sh --scenario NAME}: which scenarios run. */
class DemoScenarioChoiceTest {

  private static java.util.List<String> names(String... args) {
    return Demo.scenarios(args).stream().map(DemoScenario::name).toList();
  }

  @Test
  void allByDefaultOneWhenNamed() {
    assertThat(names()).containsExactly("http10", "connection", "idle");
    assertThat(names("--scenario", "all")).containsExactly("http10", "connection", "idle");
    assertThat(names("--scenario", "idle")).containsExactly("idle");
    assertThat(names("--scenario=connection")).containsExactly("connection");
    // Named only: it needs Python's websockets besides Java and nginx.
    assertThat(names("--scenario", "polyglot")).containsExactly("polyglot");
  }

  @Test
  void anUnknownScenarioOrArgumentIsRefused() {
    assertThatThrownBy(() -> names("--scenario", "http2"))
        .hasMessageContaining("unknown scenario: http2");
    assertThatThrownBy(() -> names("--fast")).hasMessageContaining("unknown argument: --fast");
  }
}
