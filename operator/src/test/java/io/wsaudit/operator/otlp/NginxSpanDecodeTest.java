package io.wsaudit.operator.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * ingress-nginx's spans (scope {@code nginx}, the old semantic-convention attributes of
 * otel_ngx_module): the upgrades become proxy observations, every other request is dropped on the
 * wire and counted, the same on the protobuf path and on a whole (JSON) request.
 */
class NginxSpanDecodeTest {

  static final long END = Instant.parse("2026-12-02T05:00:00Z").getEpochSecond() * 1_000_000_000L;

  @Test
  void anUpgradeBecomesAProxyObservation_fromTheRewriteToTheLogPhase() {
    ExportTraceServiceRequest r = export(span(1, 101, "/ws?room=1", "chat.example.com:443", 3_250));
    ProxyObservation p = (ProxyObservation) new SpanDecoder().decode(r).observations().get(0);

    assertThat(p.origin()).isEqualTo(ProxyObservation.Origin.NGINX_SPAN);
    assertThat(p.host()).isEqualTo("chat.example.com");
    assertThat(p.path()).isEqualTo("/ws");
    assertThat(p.status()).isEqualTo(101);
    assertThat(p.upgraded()).isTrue();
    assertThat(p.lifetimeMs()).isEqualTo(3_250);
    assertThat(p.time()).isEqualTo(Instant.parse("2026-12-02T05:00:00Z"));
    assertThat(p.traceId()).isEqualTo(hex(16, 1));
    assertThat(p.spanKey()).isEqualTo(hex(16, 1) + "/" + hex(8, 1));
    assertThat(p.upstreamName()).isNull();
    assertThat(p.requestId()).isNull();
    assertThat(p.source().podNamespace()).isEqualTo("ingress-nginx");
    assertThat(p.source().podName()).isEqualTo("ingress-nginx-controller-0");
  }

  @Test
  void plainRequestsAreDroppedOnTheWire_andCountedAlike_onBothPaths() throws Exception {
    ExportTraceServiceRequest r =
        export(
            span(1, 200, "/", "shop.example.com", 4),
            span(2, 101, "/ws", "chat.example.com", 3),
            span(3, 502, "/api", "shop.example.com", 9),
            withUpgradeHeader(span(4, 400, "/ws", "chat.example.com", 1)),
            span(5, 304, "/logo.png", "shop.example.com", 1));

    ScopeFilter.Filtered f = ScopeFilter.parse(r.toByteArray());
    SpanDecoder.Result wire = new SpanDecoder().decode(f.ours());
    SpanDecoder.Result whole = new SpanDecoder().decode(r);

    assertThat(f.nginxDropped()).isEqualTo(3);
    assertThat(f.ours().getResourceSpans(0).getScopeSpans(0).getSpansCount()).isEqualTo(2);
    assertThat(wire.observations()).isEqualTo(whole.observations()).hasSize(2);
    assertThat(f.nginxDropped() + wire.nginxSpans() - wire.nginxKept())
        .isEqualTo(whole.nginxSpans() - whole.nginxKept())
        .isEqualTo(3);
    ProxyObservation rejected = (ProxyObservation) whole.observations().get(1);
    assertThat(rejected.upgradeRequested()).isTrue();
    assertThat(rejected.upgraded()).isFalse();
  }

  @Test
  void withoutAHostHeaderTheServerBlocksNameIsTheHost_butNotTheDefaultServers() {
    assertThat(NginxSpanDecoder.hostOf(null, "chat.example.com")).isEqualTo("chat.example.com");
    assertThat(NginxSpanDecoder.hostOf("", "_")).isNull();
    assertThat(NginxSpanDecoder.hostOf("[::1]:8443", null)).isEqualTo("[::1]");
    assertThat(NginxSpanDecoder.pathOf("/ws")).isEqualTo("/ws");
    assertThat(NginxSpanDecoder.pathOf("")).isNull();
  }

  private static ExportTraceServiceRequest export(Span... spans) {
    ScopeSpans.Builder scope =
        ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("nginx"));
    for (Span s : spans) {
      scope.addSpans(s);
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(kv("service.name", "nginx"))
                        .addAttributes(kv("k8s.namespace.name", "ingress-nginx"))
                        .addAttributes(kv("k8s.pod.name", "ingress-nginx-controller-0")))
                .addScopeSpans(scope))
        .build();
  }

  private static Span span(int n, long status, String target, String host, long lifetimeMs) {
    return Span.newBuilder()
        .setTraceId(ByteString.fromHex(hex(16, n)))
        .setSpanId(ByteString.fromHex(hex(8, n)))
        .setName("/ws")
        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setStartTimeUnixNano(END - lifetimeMs * 1_000_000L)
        .setEndTimeUnixNano(END)
        .addAttributes(kv("http.method", "GET"))
        .addAttributes(kv("http.flavor", "1.1"))
        .addAttributes(kv("http.target", target))
        .addAttributes(kv("http.server_name", host.replaceAll(":.*", "")))
        .addAttributes(kv("http.host", host))
        .addAttributes(kv("net.peer.ip", "10.1.0.7"))
        .addAttributes(
            KeyValue.newBuilder()
                .setKey("http.status_code")
                .setValue(AnyValue.newBuilder().setIntValue(status)))
        .build();
  }

  /** As {@code opentelemetry_capture_headers on} records the request's Upgrade header. */
  private static Span withUpgradeHeader(Span s) {
    return s.toBuilder()
        .addAttributes(
            KeyValue.newBuilder()
                .setKey("http.request.header.upgrade")
                .setValue(
                    AnyValue.newBuilder()
                        .setArrayValue(
                            ArrayValue.newBuilder()
                                .addValues(AnyValue.newBuilder().setStringValue("websocket")))))
        .build();
  }

  private static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  private static String hex(int bytes, int n) {
    byte[] b = new byte[bytes];
    b[bytes - 1] = (byte) n;
    b[0] = 0x0a;
    return HexFormat.of().formatHex(b);
  }
}
