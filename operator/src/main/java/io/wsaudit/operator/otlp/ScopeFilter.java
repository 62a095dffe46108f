package io.wsaudit.operator.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.wsaudit.contract.WsAuditSpans;
import java.io.IOException;

/**
 * Parses an OTLP/protobuf trace export, but only the ScopeSpans of wsaudit's scope and, of nginx's
 * scope, the spans that can be a WebSocket ({@link NginxSpanFilter}): the others (most of what a
 * shared pipeline sends) are only counted, by walking the wire format, never built as messages.
 * Parsing the whole request cost the receiver ~4 times what the HTTP transport costs
 * (bench/RESULTS.md, "Operator").
 *
 * <p>Wire format (opentelemetry-proto): ExportTraceServiceRequest{1: ResourceSpans*},
 * ResourceSpans{1: Resource, 2: ScopeSpans*, 3: schema_url}, ScopeSpans{1: InstrumentationScope{1:
 * name}, 2: Span*, 3: schema_url}.
 */
final class ScopeFilter {

  /** Estimated decode memory per body byte: the bytes plus the messages built from them. */
  static final int WEIGHT = 2;

  private static final ByteString OUR_SCOPE = ByteString.copyFromUtf8(WsAuditSpans.SCOPE_NAME);
  private static final ByteString NGINX_SCOPE =
      ByteString.copyFromUtf8(NginxSpanDecoder.SCOPE_NAME);
  private static final int LENGTH_DELIMITED = WireFormat.WIRETYPE_LENGTH_DELIMITED;

  /**
   * The request holding only wsaudit's ScopeSpans and nginx's possible WebSockets (with their
   * resources), how many other spans were seen, and how many of them were nginx's.
   */
  record Filtered(ExportTraceServiceRequest ours, int foreignSpans, int nginxDropped) {
    Filtered(ExportTraceServiceRequest ours, int foreignSpans) {
      this(ours, foreignSpans, 0);
    }
  }

  private ScopeFilter() {}

  static Filtered parse(byte[] body) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(body);
    in.enableAliasing(true);
    ExportTraceServiceRequest.Builder out = ExportTraceServiceRequest.newBuilder();
    int foreign = 0;
    int nginxDropped = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (field(tag) != 1 || WireFormat.getTagWireType(tag) != LENGTH_DELIMITED) {
        in.skipField(tag);
        continue;
      }
      CodedInputStream rs = in.readBytes().newCodedInput();
      rs.enableAliasing(true);
      ResourceSpans.Builder kept = null;
      NeededResource resource = null;
      String schemaUrl = "";
      for (int t = rs.readTag(); t != 0; t = rs.readTag()) {
        if (field(t) == 2 && WireFormat.getTagWireType(t) == LENGTH_DELIMITED) {
          ByteString scopeSpans = rs.readBytes();
          ByteString scope = scopeName(scopeSpans);
          if (OUR_SCOPE.equals(scope)) {
            kept = kept == null ? ResourceSpans.newBuilder() : kept;
            kept.addScopeSpans(ScopeSpans.parseFrom(scopeSpans));
          } else if (NGINX_SCOPE.equals(scope)) {
            NginxSpanFilter.Kept k = NginxSpanFilter.keep(scopeSpans);
            foreign += k.dropped();
            nginxDropped += k.dropped();
            if (k.spans() != null) {
              kept = kept == null ? ResourceSpans.newBuilder() : kept;
              kept.addScopeSpans(k.spans());
            }
          } else {
            foreign += countSpans(scopeSpans);
          }
        } else if (field(t) == 1 && WireFormat.getTagWireType(t) == LENGTH_DELIMITED) {
          // Only the resource attributes the decoder reads are kept, walking the wire format:
          // merging every repeat of the field, as a full parse does, cost 16.7 s of CPU for 100k
          // repeats in 0.9 MB.
          resource = resource == null ? new NeededResource() : resource;
          resource.read(rs.readBytes());
        } else if (field(t) == 3 && WireFormat.getTagWireType(t) == LENGTH_DELIMITED) {
          schemaUrl = rs.readStringRequireUtf8();
        } else {
          rs.skipField(t);
        }
      }
      if (kept != null) {
        if (resource != null) {
          kept.setResource(resource.build());
        }
        out.addResourceSpans(kept.setSchemaUrl(schemaUrl));
      }
    }
    return new Filtered(out.build(), foreign, nginxDropped);
  }

  private static int field(int tag) {
    return WireFormat.getTagFieldNumber(tag);
  }

  /** The ScopeSpans' InstrumentationScope name, or null (no scope, or no name). */
  private static ByteString scopeName(ByteString scopeSpans) throws IOException {
    CodedInputStream in = scopeSpans.newCodedInput();
    in.enableAliasing(true);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (field(tag) == 1 && WireFormat.getTagWireType(tag) == LENGTH_DELIMITED) {
        CodedInputStream scope = in.readBytes().newCodedInput();
        for (int t = scope.readTag(); t != 0; t = scope.readTag()) {
          if (field(t) == 1 && WireFormat.getTagWireType(t) == LENGTH_DELIMITED) {
            return scope.readBytes();
          }
          scope.skipField(t);
        }
        return null;
      }
      in.skipField(tag);
    }
    return null;
  }

  private static int countSpans(ByteString scopeSpans) throws IOException {
    CodedInputStream in = scopeSpans.newCodedInput();
    in.enableAliasing(true);
    int n = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (field(tag) == 2 && WireFormat.getTagWireType(tag) == LENGTH_DELIMITED) {
        n++;
      }
      if (!in.skipField(tag)) {
        throw new InvalidProtocolBufferException("unexpected end-group tag in ScopeSpans");
      }
    }
    return n;
  }
}
