package io.wsaudit.operator.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Resource of one ResourceSpans reduced to the attributes {@link SpanDecoder} reads ({@code
 * k8s.namespace.name}, {@code k8s.pod.name}; the last value wins, as in a merged parse). Other
 * attributes are skipped on the wire without being built, so any number of them, or of repeated
 * Resource fields, costs linear time and no memory.
 */
final class NeededResource {

  private static final ByteString NAMESPACE = ByteString.copyFromUtf8(SpanDecoder.K8S_NAMESPACE);
  private static final ByteString POD = ByteString.copyFromUtf8(SpanDecoder.K8S_POD);

  private final Map<ByteString, KeyValue> attributes = new LinkedHashMap<>();

  /** Reads one (possibly repeated) Resource field. */
  void read(ByteString resource) throws IOException {
    CodedInputStream in = resource.newCodedInput();
    in.enableAliasing(true);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == 1
          && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        ByteString kv = in.readBytes();
        ByteString key = keyOf(kv);
        if (NAMESPACE.equals(key) || POD.equals(key)) {
          attributes.put(key, KeyValue.parseFrom(kv));
        }
      } else {
        in.skipField(tag);
      }
    }
  }

  Resource build() {
    return Resource.newBuilder().addAllAttributes(attributes.values()).build();
  }

  /** KeyValue{1: key, 2: value}: the key's bytes, or empty. */
  static ByteString keyOf(ByteString kv) throws IOException {
    CodedInputStream in = kv.newCodedInput();
    in.enableAliasing(true);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == 1
          && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        return in.readBytes();
      }
      in.skipField(tag);
    }
    return ByteString.EMPTY;
  }
}
