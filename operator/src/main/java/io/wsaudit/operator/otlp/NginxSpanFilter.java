package io.wsaudit.operator.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;

/**
 * Keeps, of one ScopeSpans of nginx's scope, only the spans that can be a WebSocket, looking at
 * their attributes on the wire: nginx ends one span per request, so nearly all are plain requests
 * that must cost a walk, never a message.
 *
 * <p>Wire format (opentelemetry-proto): ScopeSpans{1: InstrumentationScope, 2: Span*, 3:
 * schema_url}, Span{9: KeyValue*}, KeyValue{1: key, 2: AnyValue}, AnyValue{1: string, 3: int, 5:
 * ArrayValue}.
 */
final class NginxSpanFilter {

  private static final ByteString STATUS_CODE =
      ByteString.copyFromUtf8(NginxSpanDecoder.STATUS_CODE);
  private static final ByteString UPGRADE_HEADER =
      ByteString.copyFromUtf8(NginxSpanDecoder.UPGRADE_HEADER);
  private static final int LENGTH_DELIMITED = WireFormat.WIRETYPE_LENGTH_DELIMITED;

  /** The kept spans (null when none), and how many were dropped. */
  record Kept(ScopeSpans spans, int dropped) {}

  private NginxSpanFilter() {}

  static Kept keep(ByteString scopeSpans) throws IOException {
    CodedInputStream in = scopeSpans.newCodedInput();
    in.enableAliasing(true);
    ByteString scope = null;
    ScopeSpans.Builder kept = null;
    int dropped = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == 2 && WireFormat.getTagWireType(tag) == LENGTH_DELIMITED) {
        ByteString span = in.readBytes();
        if (mayBeWebSocket(span)) {
          kept = kept == null ? ScopeSpans.newBuilder() : kept;
          kept.addSpans(Span.parseFrom(span));
        } else {
          dropped++;
        }
      } else if (field == 1 && WireFormat.getTagWireType(tag) == LENGTH_DELIMITED) {
        scope = in.readBytes();
      } else {
        in.skipField(tag);
      }
    }
    if (kept != null && scope != null) {
      kept.setScope(InstrumentationScope.parseFrom(scope));
    }
    return new Kept(kept == null ? null : kept.build(), dropped);
  }

  /**
   * {@code http.status_code} 101, or a captured {@code Upgrade} request header (the decoder reads
   * its value).
   */
  static boolean mayBeWebSocket(ByteString span) throws IOException {
    CodedInputStream in = span.newCodedInput();
    in.enableAliasing(true);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) != 9
          || WireFormat.getTagWireType(tag) != LENGTH_DELIMITED) {
        in.skipField(tag);
      } else if (tells(in.readBytes())) {
        return true;
      }
    }
    return false;
  }

  private static boolean tells(ByteString keyValue) throws IOException {
    CodedInputStream in = keyValue.newCodedInput();
    in.enableAliasing(true);
    ByteString key = null;
    ByteString value = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == 1 && WireFormat.getTagWireType(tag) == LENGTH_DELIMITED) {
        key = in.readBytes();
      } else if (field == 2 && WireFormat.getTagWireType(tag) == LENGTH_DELIMITED) {
        value = in.readBytes();
      } else {
        in.skipField(tag);
      }
    }
    if (UPGRADE_HEADER.equals(key)) {
      return true;
    }
    return STATUS_CODE.equals(key) && value != null && isSwitchingProtocols(value);
  }

  private static boolean isSwitchingProtocols(ByteString anyValue) throws IOException {
    CodedInputStream in = anyValue.newCodedInput();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == 3
          && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT) {
        return in.readInt64() == NginxSpanDecoder.SWITCHING_PROTOCOLS;
      }
      in.skipField(tag);
    }
    return false;
  }
}
