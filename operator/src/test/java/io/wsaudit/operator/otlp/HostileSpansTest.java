package io.wsaudit.operator.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.operator.health.OperatorMetrics;
import io.wsaudit.operator.otlp.admission.Admissions;
import io.wsaudit.operator.testing.OtlpSender;
import io.wsaudit.operator.testing.WsSpans;
import io.wsaudit.operator.trust.Authenticator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Spans that are well-formed but hostile, through the real OTLP/HTTP receiver. */
@Timeout(60)
class HostileSpansTest {

  private static final int LIMIT = 4 * 1024 * 1024;

  private final List<Observation> received = new CopyOnWriteArrayList<>();
  private final OperatorMetrics metrics = new OperatorMetrics();
  private final HttpClient http = HttpClient.newHttpClient();
  private OtlpHttpReceiver receiver;

  @BeforeEach
  void start() throws Exception {
    receiver =
        new OtlpHttpReceiver(
            "127.0.0.1",
            0,
            LIMIT,
            Authenticator.NONE,
            new OtlpIngest(received::addAll, metrics),
            null,
            Admissions.forBody(LIMIT));
    receiver.start();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void futureDatedSpansAreReDatedToTheirArrival_andCounted() {
    Instant before = Instant.now();
    try (OtlpSender sender = OtlpSender.http(receiver.port(), "none")) {
      assertThat(
              sender.send(
                  WsSpans.fromPod("shop", "chat-0")
                      .at(Instant.now().plus(Duration.ofDays(365)))
                      .upgradedThenClosed(1, Duration.ofMillis(3))))
          .isTrue();
      assertThat(
              sender.send(
                  WsSpans.fromPod("shop", "chat-0")
                      .at(Instant.now().plusSeconds(5))
                      .rejected(1, "other")))
          .isTrue();
    }
    assertThat(received).hasSize(3);
    Instant latest = Instant.now().plus(ArrivalClock.MAX_SKEW);
    assertThat(received).allSatisfy(o -> assertThat(o.time()).isBetween(before, latest));
    assertThat(metrics.registry().scrape().toString()).isNotNull();
    assertThat(
            metrics.registry().scrape().stream()
                .filter(m -> m.getMetadata().getName().equals("wsaudit_otlp_timestamps_clamped"))
                .findFirst())
        .isPresent();
  }

  @Test
  void hugeConnectionIdsAreSkipped_andLongStringsCut() throws Exception {
    String hugeId = "c".repeat(200_000);
    Span close =
        Span.newBuilder()
            .setName(WsAuditSpans.CLOSE_SPAN)
            .setTraceId(ByteString.copyFrom(new byte[16]))
            .setSpanId(ByteString.copyFrom(new byte[8]))
            .setEndTimeUnixNano(System.currentTimeMillis() * 1_000_000L)
            .addAttributes(attr(WsAuditSpans.CONNECTION_ID, hugeId))
            .build();
    Span handshake =
        close.toBuilder()
            .setName(WsAuditSpans.HANDSHAKE_SPAN)
            .clearAttributes()
            .addAttributes(attr(WsAuditSpans.CONNECTION_ID, "ok"))
            .addAttributes(attr(WsAuditSpans.URL_PATH, "/" + "p".repeat(100_000)))
            .build();
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(
                        Resource.newBuilder().addAttributes(attr("k8s.namespace.name", "shop")))
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .setScope(
                                InstrumentationScope.newBuilder().setName(WsAuditSpans.SCOPE_NAME))
                            .addSpans(close)
                            .addSpans(handshake)))
            .build();
    HttpResponse<String> r = post(request.toByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(received).hasSize(1);
    assertThat(received.get(0).connectionId()).isEqualTo("ok");
    assertThat(received.get(0).path()).hasSize(SpanDecoder.MAX_STRING_CHARS);
  }

  @Test
  void hundredThousandRepeatedResourceFieldsCostLinearTime() throws Exception {
    byte[] resource =
        Resource.newBuilder()
            .addAttributes(attr("k8s.namespace.name", "shop"))
            .build()
            .toByteArray();
    java.io.ByteArrayOutputStream rs = new java.io.ByteArrayOutputStream();
    com.google.protobuf.CodedOutputStream out =
        com.google.protobuf.CodedOutputStream.newInstance(rs);
    for (int i = 0; i < 100_000; i++) {
      out.writeByteArray(1, resource);
    }
    out.writeMessage(
        2,
        ScopeSpans.newBuilder()
            .setScope(InstrumentationScope.newBuilder().setName(WsAuditSpans.SCOPE_NAME))
            .addSpans(
                Span.newBuilder()
                    .setName(WsAuditSpans.HANDSHAKE_SPAN)
                    .setTraceId(ByteString.copyFrom(new byte[16]))
                    .setEndTimeUnixNano(System.currentTimeMillis() * 1_000_000L))
            .build());
    out.flush();
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    com.google.protobuf.CodedOutputStream b =
        com.google.protobuf.CodedOutputStream.newInstance(body);
    b.writeByteArray(1, rs.toByteArray());
    b.flush();
    assertThat(body.size()).isBetween(500_000, 4_000_000);
    long t0 = System.nanoTime();
    HttpResponse<String> r = post(body.toByteArray());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("100k repeated Resource fields (%d bytes): %d ms%n", body.size(), ms);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(received).hasSize(1);
    // A pathology bound, not a performance claim: the quadratic merge took 16.7 s of CPU, the
    // linear one about 0.5 s alone and up to 2 s on a loaded 2-core machine; 8 s tells them apart.
    assertThat(ms).isLessThan(8_000);
  }

  /** One OTLP/HTTP protobuf export of these bytes. */
  private HttpResponse<String> post(byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/v1/traces"))
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }
}
