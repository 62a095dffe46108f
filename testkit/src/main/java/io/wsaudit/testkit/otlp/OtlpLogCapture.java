package io.wsaudit.testkit.otlp;

import com.sun.net.httpserver.HttpExchange;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/** {@link OtlpCollector}'s {@code /v1/logs}: OTLP/HTTP protobuf (optionally gzip) log exports. */
final class OtlpLogCapture {

  private final List<ReceivedLog> logs = new CopyOnWriteArrayList<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();

  void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
      ExportLogsServiceRequest request;
      try {
        InputStream in = new ByteArrayInputStream(body);
        request =
            ExportLogsServiceRequest.parseFrom(
                "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(in) : in);
      } catch (IOException | RuntimeException e) {
        errors.add("decode: " + e);
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      accept(request, exchange.getRequestHeaders().getFirst("Authorization"));
      byte[] ok = ExportLogsServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, ok.length);
      exchange.getResponseBody().write(ok);
    }
  }

  private void accept(ExportLogsServiceRequest request, String authorization) {
    Instant now = Instant.now();
    for (ResourceLogs rl : request.getResourceLogsList()) {
      Map<String, Object> resource = ReceivedSpan.toMap(rl.getResource().getAttributesList());
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        for (LogRecord r : sl.getLogRecordsList()) {
          logs.add(
              new ReceivedLog(
                  now,
                  resource,
                  ReceivedSpan.toMap(r.getAttributesList()),
                  r.getBody().getStringValue(),
                  authorization));
        }
      }
    }
  }

  List<ReceivedLog> logs() {
    return List.copyOf(logs);
  }

  List<String> errors() {
    return List.copyOf(errors);
  }

  void clear() {
    logs.clear();
  }
}
