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

  @Test
  void aTraceUiUrlSitsBesideTheScenarioAndLinksTheSummary() {
    assertThat(names("--trace-ui-url", "http://localhost:16686", "--scenario", "idle"))
        .containsExactly("idle");
    assertThat(names("--trace-ui-url=http://localhost:16686")).hasSize(3);
    assertThat(
            Demo.traceLinks(new String[] {"--trace-ui-url", "http://localhost:16686"})
                .link("4bf92f3577b34da6a3ce929d0e0e4736"))
        .contains("http://localhost:16686/trace/4bf92f3577b34da6a3ce929d0e0e4736");
    assertThatThrownBy(() -> Demo.traceLinks(new String[] {"--trace-ui-url=localhost"}))
        .hasMessageContaining("--trace-ui-url");
  }
}
