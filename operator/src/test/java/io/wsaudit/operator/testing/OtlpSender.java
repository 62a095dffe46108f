package io.wsaudit.operator.testing;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Sends spans the way an agent or a Collector does: through the OpenTelemetry SDK's OTLP exporters.
 */
public final class OtlpSender implements AutoCloseable {

  private final SpanExporter exporter;

  private OtlpSender(SpanExporter exporter) {
    this.exporter = exporter;
  }

  public static OtlpSender http(int port, String compression) {
    return new OtlpSender(
        OtlpHttpSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + port + "/v1/traces")
            .setCompression(compression)
            .setTimeout(Duration.ofSeconds(5))
            .setRetryPolicy(null)
            .build());
  }

  /** Over OTLP/HTTP with {@code Authorization: <authorization>}. */
  public static OtlpSender http(int port, String compression, String authorization) {
    return new OtlpSender(
        OtlpHttpSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + port + "/v1/traces")
            .setCompression(compression)
            .setTimeout(Duration.ofSeconds(5))
            .setRetryPolicy(null)
            .addHeader("Authorization", authorization)
            .build());
  }

  /** Over OTLP/gRPC with {@code authorization: <authorization>}. */
  public static OtlpSender grpc(int port, String compression, String authorization) {
    return new OtlpSender(
        OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + port)
            .setCompression(compression)
            .setTimeout(Duration.ofSeconds(5))
            .setRetryPolicy(null)
            .addHeader("authorization", authorization)
            .build());
  }

  public static OtlpSender grpc(int port, String compression) {
    return new OtlpSender(
        OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + port)
            .setCompression(compression)
            .setTimeout(Duration.ofSeconds(5))
            .setRetryPolicy(null)
            .build());
  }

  /** Exports and waits (bounded) for the receiver's answer; true when it accepted the batch. */
  public boolean send(Collection<SpanData> spans) {
    CompletableResultCode r = exporter.export(spans).join(10, TimeUnit.SECONDS);
    return r.isDone() && r.isSuccess();
  }

  @Override
  public void close() {
    exporter.shutdown().join(5, TimeUnit.SECONDS);
  }
}
