package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The settings read before the SDK exists are the ones autoconfiguration then builds from. */
class SdkSettingsTest {

  private static final String[] KEYS = {
    "otel.traces.exporter",
    "otel.metrics.exporter",
    "otel.exporter.otlp.protocol",
    "otel.exporter.otlp.endpoint",
    "otel.span.attribute.value.length.limit",
    "otel.bsp.max.queue.size",
    "otel.metric.export.interval"
  };

  @AfterEach
  void clear() {
    for (String key : KEYS) {
      System.clearProperty(key);
    }
  }

  @Test
  void defaultsAreOtlpOverHttpProtobufForBothSignals() {
    SdkSettings s = SdkSettings.resolve();
    assertThat(s.exporterDescription()).isEqualTo("otlp http/protobuf http://localhost:4318");
    assertThat(s.metricsDescription())
        .isEqualTo("otlp http/protobuf http://localhost:4318 every 60.0 s");
    assertThat(s.override()).isEmpty();
  }

  @Test
  void userSettingsWinOverOurDefaults() {
    System.setProperty("otel.exporter.otlp.protocol", "grpc");
    System.setProperty("otel.exporter.otlp.endpoint", "http://collector:4317");
    System.setProperty("otel.span.attribute.value.length.limit", "64");
    System.setProperty("otel.bsp.max.queue.size", "10");
    System.setProperty("otel.metric.export.interval", "500");
    SdkSettings s = SdkSettings.resolve();
    assertThat(s.exporterDescription()).isEqualTo("otlp grpc http://collector:4317");
    assertThat(s.metricsDescription()).isEqualTo("otlp grpc http://collector:4317 every 0.5 s");
    assertThat(s.attributeValueLengthLimit()).isEqualTo(64);
    assertThat(s.spansThatMayWait()).isEqualTo(10 + TelemetrySdk.DEFAULT_MAX_EXPORT_BATCH_SIZE);
  }

  @Test
  void exportersNotInTheJarAreOverriddenForTheSdkToo() {
    System.setProperty("otel.traces.exporter", "otlp,zipkin");
    System.setProperty("otel.metrics.exporter", "prometheus");
    SdkSettings s = SdkSettings.resolve();
    assertThat(s.override())
        .isEqualTo(Map.of("otel.traces.exporter", "otlp", "otel.metrics.exporter", "none"));
    assertThat(s.exporterDescription()).startsWith("otlp http/protobuf");
    assertThat(s.metricsOn()).isFalse();
    assertThat(s.metricsDescription()).isEqualTo("none");
  }
}
