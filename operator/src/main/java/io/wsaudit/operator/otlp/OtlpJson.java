package io.wsaudit.operator.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Parses OTLP/JSON. Protobuf's JSON mapping reads {@code bytes} fields as base64, but the OTLP
 * specification (opentelemetry-proto {@code docs/specification.md}, "JSON Protobuf Encoding") sends
 * trace and span IDs (of spans and of log records) as hex, so those fields are rewritten before
 * {@link JsonFormat} sees them.
 */
final class OtlpJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> ID_FIELDS =
      Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id");
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();

  private OtlpJson() {}

  static ExportTraceServiceRequest parse(byte[] body) throws IOException {
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    merge(body, b);
    return b.build();
  }

  static ExportLogsServiceRequest parseLogs(byte[] body) throws IOException {
    ExportLogsServiceRequest.Builder b = ExportLogsServiceRequest.newBuilder();
    merge(body, b);
    return b.build();
  }

  /** The protobuf JSON encoding of a response ({@code {}} when it is empty). */
  static byte[] print(MessageOrBuilder response) throws IOException {
    return PRINTER.print(response).getBytes(StandardCharsets.UTF_8);
  }

  private static void merge(byte[] body, Message.Builder into) throws IOException {
    JsonNode root = MAPPER.readTree(body);
    if (root == null || !root.isObject()) {
      throw new InvalidProtocolBufferException("OTLP/JSON body is not an object");
    }
    hexIdsToBase64(root);
    PARSER.merge(MAPPER.writeValueAsString(root), into);
  }

  private static void hexIdsToBase64(JsonNode node) {
    if (node.isObject()) {
      ObjectNode o = (ObjectNode) node;
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode v = o.get(name);
        if (ID_FIELDS.contains(name) && v.isTextual() && isHex(v.asText())) {
          o.put(name, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(v.asText())));
        } else {
          hexIdsToBase64(v);
        }
      }
    } else if (node.isArray()) {
      node.forEach(OtlpJson::hexIdsToBase64);
    }
  }

  private static boolean isHex(String s) {
    if (s.length() != 32 && s.length() != 16) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
