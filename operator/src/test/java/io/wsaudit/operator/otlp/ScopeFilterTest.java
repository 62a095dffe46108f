package io.wsaudit.operator.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.wsaudit.contract.WsAuditSpans;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Only wsaudit's ScopeSpans are parsed; the rest is counted; what is kept equals what a full parse
 * holds.
 */
class ScopeFilterTest {

  @Test
  void keepsOurScopesWithTheirResource_countsTheOthers() throws Exception {
    ExportTraceServiceRequest full =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(resource("shop-0"))
                    .setSchemaUrl("s1")
                    .addScopeSpans(scope("io.opentelemetry.tomcat-10.0", 5))
                    .addScopeSpans(scope(WsAuditSpans.SCOPE_NAME, 2))
                    .addScopeSpans(scope("io.opentelemetry.jdbc", 3))
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(span("no scope at all"))))
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(resource("other-0"))
                    .addScopeSpans(scope("io.wsaudit.agent.not", 4)))
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(resource("chat-0"))
                    .addScopeSpans(scope(WsAuditSpans.SCOPE_NAME, 1)))
            .build();

    ScopeFilter.Filtered f = ScopeFilter.parse(full.toByteArray());

    assertThat(f.foreignSpans()).isEqualTo(5 + 3 + 1 + 4);
    ExportTraceServiceRequest expected =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(resource("shop-0"))
                    .setSchemaUrl("s1")
                    .addScopeSpans(scope(WsAuditSpans.SCOPE_NAME, 2)))
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(resource("chat-0"))
                    .addScopeSpans(scope(WsAuditSpans.SCOPE_NAME, 1)))
            .build();
    assertThat(f.ours()).isEqualTo(expected);
    // The decoder then counts the same as on the full request.
    SpanDecoder.Result all = new SpanDecoder().decode(full);
    SpanDecoder.Result ours = new SpanDecoder().decode(f.ours());
    assertThat(ours.received() + f.foreignSpans()).isEqualTo(all.received());
    assertThat(ours.skipped() + f.foreignSpans()).isEqualTo(all.skipped());
    assertThat(ours.observations()).isEqualTo(all.observations());
  }

  @Test
  void malformedOrTruncatedBodiesAreRejected() throws Exception {
    assertThatThrownBy(() -> ScopeFilter.parse(new byte[] {(byte) 0xff, 0x13, 0x37, 0x00, 0x7f}))
        .isInstanceOf(InvalidProtocolBufferException.class);
    byte[] valid =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder().addScopeSpans(scope("io.opentelemetry.jdbc", 3)))
            .build()
            .toByteArray();
    assertThatThrownBy(() -> ScopeFilter.parse(Arrays.copyOf(valid, valid.length - 4)))
        .isInstanceOf(InvalidProtocolBufferException.class);
    assertThat(ScopeFilter.parse(new byte[0]).foreignSpans()).isZero();
  }

  private static Resource resource(String pod) {
    return Resource.newBuilder()
        .addAttributes(
            KeyValue.newBuilder()
                .setKey("k8s.pod.name")
                .setValue(AnyValue.newBuilder().setStringValue(pod)))
        .build();
  }

  private static ScopeSpans scope(String name, int spans) {
    ScopeSpans.Builder b =
        ScopeSpans.newBuilder()
            .setScope(InstrumentationScope.newBuilder().setName(name).setVersion("1"));
    for (int i = 0; i < spans; i++) {
      b.addSpans(span(i % 2 == 0 ? WsAuditSpans.HANDSHAKE_SPAN : "GET /"));
    }
    return b.build();
  }

  private static Span span(String name) {
    return Span.newBuilder()
        .setName(name)
        .setTraceId(ByteString.copyFrom(new byte[16]))
        .setSpanId(ByteString.copyFrom(new byte[8]))
        .addAttributes(
            KeyValue.newBuilder()
                .setKey(WsAuditSpans.CONNECTION_ID)
                .setValue(AnyValue.newBuilder().setStringValue("c1")))
        .build();
  }
}
