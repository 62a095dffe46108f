package io.wsaudit.testkit.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.wsaudit.contract.WsAuditSpans;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class OtlpCollectorTest {

  private static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private static ExportTraceServiceRequest handshake(String path, long status) {
    Span span =
        Span.newBuilder()
            .setName(WsAuditSpans.HANDSHAKE_SPAN)
            .addAttributes(
                kv(WsAuditSpans.URL_PATH, AnyValue.newBuilder().setStringValue(path).build()))
            .addAttributes(
                kv(
                    WsAuditSpans.HTTP_RESPONSE_STATUS_CODE,
                    AnyValue.newBuilder().setIntValue(status).build()))
            .addAttributes(kv("flag", AnyValue.newBuilder().setBoolValue(true).build()))
            .build();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(
                            kv(
                                "k8s.pod.name",
                                AnyValue.newBuilder().setStringValue("web-1").build())))
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .setScope(
                            InstrumentationScope.newBuilder().setName(WsAuditSpans.SCOPE_NAME))
                        .addSpans(span)))
        .build();
  }

  private static int post(String endpoint, byte[] body, boolean gzip) throws Exception {
    return OtlpPost.post(endpoint + "/v1/traces", "application/x-protobuf", body, gzip);
  }

  @Test
  void keepsSpansFromHttpPlainAndGzipWithTypedAttributesAndTheirResource() throws Exception {
    try (OtlpCollector collector = new OtlpCollector()) {
      assertThat(post(collector.httpEndpoint(), handshake("/a", 101).toByteArray(), false))
          .isEqualTo(200);
      assertThat(post(collector.httpEndpoint(), handshake("/b", 400).toByteArray(), true))
          .isEqualTo(200);

      ReceivedSpan a = collector.awaitOne(Spans.handshake("/a"));
      assertThat(a.scope).isEqualTo(WsAuditSpans.SCOPE_NAME);
      assertThat(a.attr(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(101L);
      assertThat(a.text("flag")).isEqualTo("true");
      assertThat(a.pod()).isEqualTo("web-1");
      assertThat(
              collector
                  .awaitOne(Spans.handshake("/b"))
                  .text(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE))
          .isEqualTo("400");
      assertThat(collector.spans(Spans.close("/a"))).isEmpty();
    }
  }

  @Test
  void keepsSpansFromGrpc() throws Exception {
    try (OtlpCollector collector = new OtlpCollector()) {
      OtlpPost.overGrpc(
          collector.grpcEndpoint(),
          channel -> TraceServiceGrpc.newBlockingStub(channel).export(handshake("/grpc", 101)));
      assertThat(collector.spans(Spans.handshake("/grpc"))).hasSize(1);
    }
  }

  @Test
  void forwardsEachExportAndTellsListenersButRefusesWhatItCannotDecode() throws Exception {
    try (OtlpCollector downstream = new OtlpCollector();
        OtlpCollector tap = new OtlpCollector()) {
      List<String> heard = new CopyOnWriteArrayList<>();
      tap.onSpan(s -> heard.add(s.text(WsAuditSpans.URL_PATH)));
      tap.addTarget(downstream.httpEndpoint() + "/");

      post(tap.httpEndpoint(), handshake("/fwd", 101).toByteArray(), true);
      assertThat(downstream.await(1, Duration.ofSeconds(5), Spans.handshake("/fwd"))).hasSize(1);
      assertThat(heard).containsExactly("/fwd");

      assertThat(post(tap.httpEndpoint(), new byte[] {(byte) 0xff, 0x01}, false)).isEqualTo(400);
      assertThat(tap.forwardErrors()).anyMatch(e -> e.startsWith("decode:"));
      tap.clear();
      assertThat(tap.spans()).isEmpty();
    }
  }
}
