package io.wsaudit.operator.otlp;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.wsaudit.operator.otlp.admission.BoundedBody;
import io.wsaudit.operator.otlp.admission.IngestAdmission;
import io.wsaudit.operator.trust.Sender;
import java.io.IOException;

/**
 * One OTLP signal the HTTP receiver accepts at its path: how a body is decoded and ingested, and
 * how a refusal is counted.
 *
 * @param path {@code /v1/traces} or {@code /v1/logs} (OTLP/HTTP's default paths)
 * @param noun for messages: "trace" or "logs"
 * @param protobufWeight estimated decode memory per protobuf body byte (JSON: always 8)
 */
record HttpSignal(
    String path, String noun, int protobufWeight, Export export, Rejections rejections) {

  static final String TRANSPORT = "http";

  /**
   * Decodes a body and ingests it, charging {@code permit} for what decoding builds beyond the
   * body's weight; throws IOException when it is no export of this signal.
   */
  @FunctionalInterface
  interface Export {
    Message export(byte[] body, boolean json, Sender sender, IngestAdmission.Permit permit)
        throws IOException, BoundedBody.RefusedException;
  }

  /** Counts a refused request. */
  @FunctionalInterface
  interface Rejections {
    void rejected(String transport, String reason);
  }

  static HttpSignal traces(OtlpIngest ingest) {
    return new HttpSignal(
        "/v1/traces",
        "trace",
        ScopeFilter.WEIGHT,
        (body, json, sender, permit) -> {
          // Only wsaudit's scopes (and nginx's upgrades) are parsed into messages; the rest is
          // counted on the wire.
          ScopeFilter.Filtered request =
              json ? new ScopeFilter.Filtered(OtlpJson.parse(body), 0) : ScopeFilter.parse(body);
          ingest.ingest(TRANSPORT, request, sender);
          return ExportTraceServiceResponse.getDefaultInstance();
        },
        ingest::rejected);
  }

  static HttpSignal logs(LogsIngest ingest) {
    return new HttpSignal(
        "/v1/logs",
        "logs",
        LogRecordDecoder.WEIGHT,
        (body, json, sender, permit) ->
            ingest.ingest(
                TRANSPORT,
                json
                    ? LogRecordDecoder.decode(OtlpJson.parseLogs(body), permit)
                    : LogRecordDecoder.decode(body, permit),
                sender),
        ingest::rejected);
  }
}
