package io.wsaudit.operator.testing;

import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Sends log records the way a Collector's otlphttp / otlp exporter does, through the OpenTelemetry
 * SDK's OTLP log exporters (the same wire format; no retries, a short timeout).
 */
public final class OtlpLogSender implements AutoCloseable {

  private final LogRecordExporter exporter;

  private OtlpLogSender(LogRecordExporter exporter) {
    this.exporter = exporter;
  }

  /** Over OTLP/HTTP; {@code authorization} is the header's value, or null for none. */
  public static OtlpLogSender http(int port, String compression, String authorization) {
    var b =
        OtlpHttpLogRecordExporter.builder()
            .setEndpoint("http://127.0.0.1:" + port + "/v1/logs")
            .setCompression(compression)
            .setTimeout(Duration.ofSeconds(5))
            .setRetryPolicy(null);
    if (authorization != null) {
      b.addHeader("Authorization", authorization);
    }
    return new OtlpLogSender(b.build());
  }

  /** Over OTLP/gRPC; {@code authorization} is the header's value, or null for none. */
  public static OtlpLogSender grpc(int port, String compression, String authorization) {
    var b =
        OtlpGrpcLogRecordExporter.builder()
            .setEndpoint("http://127.0.0.1:" + port)
            .setCompression(compression)
            .setTimeout(Duration.ofSeconds(5))
            .setRetryPolicy(null);
    if (authorization != null) {
      b.addHeader("authorization", authorization);
    }
    return new OtlpLogSender(b.build());
  }

  /** Exports and waits (bounded) for the receiver's answer; true when it accepted the batch. */
  public boolean send(Collection<LogRecordData> records) {
    CompletableResultCode r = exporter.export(records).join(10, TimeUnit.SECONDS);
    return r.isDone() && r.isSuccess();
  }

  @Override
  public void close() {
    exporter.shutdown().join(5, TimeUnit.SECONDS);
  }
}
