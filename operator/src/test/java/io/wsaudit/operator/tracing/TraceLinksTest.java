package io.wsaudit.operator.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceLinksTest {

  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "http://jaeger-query:16686, http://jaeger-query:16686/trace/" + TRACE,
    "https://tracing.example/jaeger/, https://tracing.example/jaeger/trace/" + TRACE,
    "'  http://127.0.0.1:16686  ', http://127.0.0.1:16686/trace/" + TRACE,
    "https://grafana.example/explore?left=%7B%22query%22%3A%22{traceId}%22%7D,"
        + " https://grafana.example/explore?left=%7B%22query%22%3A%22"
        + TRACE
        + "%22%7D",
    "http://tempo.example/trace/{traceId}?view=timeline, http://tempo.example/trace/"
        + TRACE
        + "?view=timeline"
  })
  void aBaseGetsJaegersTraceRouteAndATemplateItsPlaceholderReplaced(String url, String link) {
    assertThat(TraceLinks.of(url).link(TRACE)).contains(link);
  }

  @Test
  void unsetOrBlankMeansNoLinks() {
    assertThat(TraceLinks.of(null).enabled()).isFalse();
    assertThat(TraceLinks.of("  ").link(TRACE)).isEmpty();
    assertThat(TraceLinks.off().links(List.of(TRACE))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jaeger-query:16686", "/trace", "ftp://jaeger/", "http://", "http://a b"})
  void aUrlThatCannotBeOneIsRefusedWithTheReason(String url) {
    assertThatThrownBy(() -> TraceLinks.of(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--trace-ui-url");
  }

  @Test
  void onlyW3cTraceIdsGetALink() {
    TraceLinks links = TraceLinks.of("http://jaeger:16686");
    assertThat(links.links(List.of(TRACE, "not-a-trace", "4BF92F3577B34DA6A3CE929D0E0E4736")))
        .containsExactly("http://jaeger:16686/trace/" + TRACE);
  }
}
