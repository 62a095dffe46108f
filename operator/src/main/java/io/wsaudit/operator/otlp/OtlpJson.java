package io.wsaudit.operator.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Parses OTLP/JSON. Protobuf's JSON mapping reads {@code bytes} fields as base64, but the OTLP
 * specification (opentelemetry-proto {@code docs/specification.md}, "JSON Protobuf Encoding") sends
 * trace and span IDs as hex, so those fields are rewritten before {@link JsonFormat} sees them.
 */
final class OtlpJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> ID_FIELDS =
      Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id");
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private OtlpJson() {}

  static ExportTraceServiceRequest parse(byte[] body) throws IOException {
    JsonNode root = MAPPER.readTree(body);
    if (root == null || !root.isObject()) {
      throw new InvalidProtocolBufferException("OTLP/JSON body is not an object");
    }
    hexIdsToBase64(root);
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    PARSER.merge(MAPPER.writeValueAsString(root), b);
    return b.build();
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
