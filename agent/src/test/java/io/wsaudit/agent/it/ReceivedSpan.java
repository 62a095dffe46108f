package io.wsaudit.agent.it;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A span as the collector received it over OTLP, with its attributes as plain Java values. */
public final class ReceivedSpan {

  public final String scope;
  public final Map<String, Object> resource;
  public final Span span;
  public final Map<String, Object> attributes;

  ReceivedSpan(String scope, Map<String, Object> resource, Span span) {
    this.scope = scope;
    this.resource = resource;
    this.span = span;
    this.attributes = toMap(span.getAttributesList());
  }

  public String name() {
    return span.getName();
  }

  public Object attr(String key) {
    return attributes.get(key);
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
