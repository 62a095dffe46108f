package io.wsaudit.operator.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;

/**
 * Where one ResourceLogs' records came from: the three resource attributes {@link LogRecordDecoder}
 * keeps. The strings are shared by all its lines (one path and two streams per pod), so a large
 * batch holds each once.
 */
final class LogResource {

  /**
   * Resource attributes set by the Collector's container parser from the file path (with {@code
   * log.iostream} and {@code log.file.path} as record attributes: opentelemetry-collector-contrib
   * {@code pkg/stanza/docs/operators/container.md}) or by the k8sattributes processor.
   */
  static final String K8S_CONTAINER = "k8s.container.name";

  private static final ByteString NAMESPACE = ByteString.copyFromUtf8(SpanDecoder.K8S_NAMESPACE);
  private static final ByteString POD = ByteString.copyFromUtf8(SpanDecoder.K8S_POD);
  private static final ByteString CONTAINER = ByteString.copyFromUtf8(K8S_CONTAINER);

  String namespace;
  String pod;
  String container;
  private String lastPath;

  /** Reads one (possibly repeated) Resource field; the last value of a key wins. */
  void readResource(ByteString resource) throws IOException {
    CodedInputStream in = ProtoWire.input(resource);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (ProtoWire.isDelimited(tag, Resource.ATTRIBUTES_FIELD_NUMBER)) {
        ByteString kv = in.readBytes();
        ByteString key = NeededResource.keyOf(kv);
        if (NAMESPACE.equals(key)) {
          namespace = ProtoWire.stringValue(kv);
        } else if (POD.equals(key)) {
          pod = ProtoWire.stringValue(kv);
        } else if (CONTAINER.equals(key)) {
          container = ProtoWire.stringValue(kv);
        }
      } else {
        in.skipField(tag);
      }
    }
  }

  /** The record's {@code log.iostream}, as one shared string for the two usual values. */
  String stream(String s) {
    if ("stdout".equals(s)) {
      return "stdout";
    }
    return "stderr".equals(s) ? "stderr" : s;
  }

  /** The record's {@code log.file.path}, as the previous record's string when it is the same. */
  String path(String p) {
    if (p != null && p.equals(lastPath)) {
      return lastPath;
    }
    lastPath = p;
    return p;
  }
}
