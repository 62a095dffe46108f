package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TracesExporterNamesTest {

  @Test
  void shippedNamesPassUntouched() {
    assertThat(TracesExporterNames.override(null)).isEmpty();
    assertThat(TracesExporterNames.override("otlp, console")).isEmpty();
  }

  @Test
  void unshippedNamesAreDroppedAndTheRestKept() {
    assertThat(TracesExporterNames.override("otlp,logging-otlp"))
        .isEqualTo(Map.of(TracesExporterNames.KEY, "otlp"));
    assertThat(TracesExporterNames.override("zipkin"))
        .isEqualTo(Map.of(TracesExporterNames.KEY, "none"));
  }

  @Test
  void theMetricsExporterIsKeptToTheShippedNamesToo() {
    assertThat(TracesExporterNames.override(TracesExporterNames.METRICS_KEY, "otlp")).isEmpty();
    assertThat(TracesExporterNames.override(TracesExporterNames.METRICS_KEY, "prometheus,otlp"))
        .isEqualTo(Map.of(TracesExporterNames.METRICS_KEY, "otlp"));
  }
}
