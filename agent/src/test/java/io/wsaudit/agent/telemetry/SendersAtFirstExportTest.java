package io.wsaudit.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The OTLP exporter's sender is made at its first export, once, and never for an idle exporter. */
class SendersAtFirstExportTest {

  private final AtomicInteger made = new AtomicInteger();

  private final ComponentLoader components =
      new ComponentLoader() {
        @Override
        @SuppressWarnings("unchecked")
        public <T> Iterable<T> load(Class<T> type) {
          if (type == HttpSenderProvider.class) {
            HttpSenderProvider provider =
                config -> {
                  made.incrementAndGet();
                  return new DiscardingHttpSender();
                };
            return (Iterable<T>) List.of(provider);
          }
          return List.of();
        }
      };

  private SpanExporter exporter() {
    return OtlpHttpSpanExporter.builder()
        .setComponentLoader(new SendersAtFirstExport(components))
        .build();
  }

  @Test
  void theSenderIsMadeAtTheFirstExportOnly() {
    SpanExporter exporter = exporter();
    assertThat(made).hasValue(0);

    assertThat(exporter.export(List.of()).join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(exporter.export(List.of()).join(5, TimeUnit.SECONDS).isSuccess()).isTrue();

    assertThat(made).hasValue(1);
    assertThat(exporter.shutdown().join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
  }

  @Test
  void anExporterThatNeverExportedShutsDownWithoutMakingOne() {
    SpanExporter exporter = exporter();

    assertThat(exporter.shutdown().join(5, TimeUnit.SECONDS).isSuccess()).isTrue();

    assertThat(made).hasValue(0);
  }

  @Test
  void otherComponentsAreLoadedAsFound() {
    assertThat(new SendersAtFirstExport(components).load(String.class)).isEmpty();
  }
}
