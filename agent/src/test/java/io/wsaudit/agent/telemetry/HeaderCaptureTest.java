package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderCaptureTest {

  private final HeaderCapture capture = new HeaderCapture(List.of("x-a", "x-b"), 1024);

  @Test
  void valuesAreCopiedWithoutNulls() {
    assertThat(capture.copyOf(Arrays.asList("a", null, "b"), new int[] {100}))
        .containsExactly("a", "b");
    assertThat(capture.copyOf(Arrays.asList((String) null), new int[] {100})).isNull();
    List<String> live = new ArrayList<>(List.of("v"));
    List<String> copy = capture.copyOf(live, new int[] {100});
    live.set(0, "changed");
    assertThat(copy).containsExactly("v");
  }

  @Test
  void eachValueEachHeaderAndTheSpanAreBounded() {
    String huge = "u".repeat(900 * 1024);
    assertThat(capture.copyOf(List.of(huge), new int[] {100_000}).get(0)).hasSize(1024);
    assertThat(capture.copyOf(Collections.nCopies(50, "v"), new int[] {100_000}))
        .hasSize(HeaderCapture.MAX_VALUES_PER_HEADER);

    Map<String, List<String>> request =
        Map.of(
            "user-agent", List.of(huge),
            "connection", Collections.nCopies(50, huge),
            "x-a", Collections.nCopies(50, huge),
            "x-b", Collections.nCopies(50, huge));
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    SpanBuilder builder = provider.get("t").spanBuilder("s");
    capture.capture(name -> request.getOrDefault(name, List.of()), builder);
    builder.startSpan().end();
    // Read before closing: closing the provider shuts the in-memory exporter down, which clears it.
    SpanData span = exporter.getFinishedSpanItems().get(0);
    provider.close();
    long chars = 0;
    for (Object value : span.getAttributes().asMap().values()) {
      for (Object v : value instanceof List ? (List<?>) value : List.of(value)) {
        chars += v.toString().length();
      }
    }
    assertThat(chars).isEqualTo(HeaderCapture.SPAN_BUDGET_CHARS);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("user_agent.original")))
        .hasSize(1024);
  }
}
