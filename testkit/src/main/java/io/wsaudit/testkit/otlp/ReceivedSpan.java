package io.wsaudit.testkit.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A span as {@link OtlpCollector} received it, its attributes as plain Java values. */
public final class ReceivedSpan {

  public final Instant received;
  public final String scope;
  public final Map<String, Object> resource;
  public final Span span;
  public final Map<String, Object> attributes;

  ReceivedSpan(Instant received, String scope, Map<String, Object> resource, Span span) {
    this.received = received;
    this.scope = scope;
    this.resource = resource;
    this.span = span;
    this.attributes = toMap(span.getAttributesList());
  }

  public String name() {
    return span.getName();
  }

  /** The attribute's value: String, Long, Boolean, Double or a List of those; null if absent. */
  public Object attr(String key) {
    return attributes.get(key);
  }

  /** The attribute as text ({@code "1000"}, {@code "true"}), null if absent. */
  public String text(String key) {
    Object value = attributes.get(key);
    return value == null ? null : String.valueOf(value);
  }

  /** The pod the span came from ({@code k8s.pod.name} of its resource), null if none. */
  public String pod() {
    Object pod = resource.get("k8s.pod.name");
    return pod == null ? null : pod.toString();
  }

  public String traceId() {
    return HexFormat.of().formatHex(span.getTraceId().toByteArray());
  }

  public String spanId() {
    return HexFormat.of().formatHex(span.getSpanId().toByteArray());
  }

  public String parentSpanId() {
    return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
  }

  static Map<String, Object> toMap(List<KeyValue> keyValues) {
    Map<String, Object> map = new TreeMap<>();
    for (KeyValue kv : keyValues) {
      map.put(kv.getKey(), value(kv.getValue()));
    }
    return map;
  }

  private static Object value(AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE:
        return v.getStringValue();
      case INT_VALUE:
        return v.getIntValue();
      case BOOL_VALUE:
        return v.getBoolValue();
      case DOUBLE_VALUE:
        return v.getDoubleValue();
      case ARRAY_VALUE:
        List<Object> list = new ArrayList<>();
        v.getArrayValue().getValuesList().forEach(e -> list.add(value(e)));
        return list;
      default:
        return v.toString();
    }
  }

  @Override
  public String toString() {
    return name() + " " + attributes;
  }
}
