package io.wsaudit.testkit.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;

/**
 * OTLP attributes as tests and benchmarks build them: one key with a string, integer, boolean or
 * string-array value (the types the agent's spans, nginx's spans and the shipped log records use).
 */
public final class OtlpAttributes {

  private OtlpAttributes() {}

  public static KeyValue kv(String key, String value) {
    return kv(key, AnyValue.newBuilder().setStringValue(value));
  }

  public static KeyValue kv(String key, long value) {
    return kv(key, AnyValue.newBuilder().setIntValue(value));
  }

  public static KeyValue kv(String key, boolean value) {
    return kv(key, AnyValue.newBuilder().setBoolValue(value));
  }

  /** A string array, as nginx's OpenTelemetry module records a captured request header. */
  public static KeyValue strings(String key, String... values) {
    ArrayValue.Builder array = ArrayValue.newBuilder();
    for (String v : values) {
      array.addValues(AnyValue.newBuilder().setStringValue(v));
    }
    return kv(key, AnyValue.newBuilder().setArrayValue(array));
  }

  private static KeyValue kv(String key, AnyValue.Builder value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }
}
