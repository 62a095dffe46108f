package io.wsaudit.operator.testing;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
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
    return http(port, compression, Map.of());
  }

  /** Over OTLP/HTTP with {@code Authorization: <authorization>}. */
  public static OtlpSender http(int port, String compression, String authorization) {
    return http(port, compression, Map.of("Authorization", authorization));
  }

  public static OtlpSender grpc(int port, String compression) {
    return grpc(port, compression, Map.of());
  }

  /** Over OTLP/gRPC with {@code authorization: <authorization>}. */
  public static OtlpSender grpc(int port, String compression, String authorization) {
    return grpc(port, compression, Map.of("authorization", authorization));
  }

  // No retries and a short timeout: a test wants the receiver's first answer.
  private static OtlpSender http(int port, String compression, Map<String, String> headers) {
    var b =
        OtlpHttpSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + port + "/v1/traces")
            .setCompression(compression)
            .setTimeout(Duration.ofSeconds(5))
            .setRetryPolicy(null);
    headers.forEach(b::addHeader);
    return new OtlpSender(b.build());
  }

  private static OtlpSender grpc(int port, String compression, Map<String, String> headers) {
    var b =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + port)
            .setCompression(compression)
            .setTimeout(Duration.ofSeconds(5))
            .setRetryPolicy(null);
    headers.forEach(b::addHeader);
    return new OtlpSender(b.build());
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
