package io.wsaudit.operator.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.IOException;

/**
 * Reading OTLP's protobuf messages field by field without building them: what the log decoder needs
 * of the wire format (tags, {@code AnyValue} strings, {@code KeyValue} values).
 */
final class ProtoWire {

  private ProtoWire() {}

  /** A reader over {@code bytes} that shares them instead of copying each field read. */
  static CodedInputStream input(ByteString bytes) {
    CodedInputStream in = bytes.newCodedInput();
    in.enableAliasing(true);
    return in;
  }

  /** The tag is field {@code field}, length-delimited (a message, string or bytes). */
  static boolean isDelimited(int tag, int field) {
    return WireFormat.getTagFieldNumber(tag) == field
        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
  }

  /** The tag is field {@code field}, fixed 64-bit (a {@code fixed64} time). */
  static boolean isFixed64(int tag, int field) {
    return WireFormat.getTagFieldNumber(tag) == field
        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_FIXED64;
  }

  /**
   * AnyValue's string, or null when its value is of another kind or absent (a oneof: the last field
   * on the wire wins). Invalid UTF-8 is kept with replacement characters: the line is still worth
   * parsing.
   */
  static ByteString stringOf(ByteString anyValue) throws IOException {
    CodedInputStream in = input(anyValue);
    ByteString string = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (isDelimited(tag, AnyValue.STRING_VALUE_FIELD_NUMBER)) {
        string = in.readBytes();
      } else {
        string = null;
        in.skipField(tag);
      }
    }
    return string;
  }

  /** KeyValue{2: AnyValue}'s string, cut like span attributes, or null. */
  static String stringValue(ByteString kv) throws IOException {
    CodedInputStream in = input(kv);
    ByteString value = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (isDelimited(tag, KeyValue.VALUE_FIELD_NUMBER)) {
        value = stringOf(in.readBytes());
      } else {
        in.skipField(tag);
      }
    }
    return value == null ? null : SpanDecoder.cut(value.toStringUtf8());
  }
}
