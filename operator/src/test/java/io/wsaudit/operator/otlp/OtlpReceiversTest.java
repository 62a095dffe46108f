package io.wsaudit.operator.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.operator.health.OperatorMetrics;
import io.wsaudit.operator.otlp.admission.Admissions;
import io.wsaudit.operator.testing.OtlpSender;
import io.wsaudit.operator.testing.WsSpans;
import io.wsaudit.operator.trust.Authenticator;
import io.wsaudit.operator.trust.Authenticators;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Both OTLP transports, fed by the OpenTelemetry SDK's exporters and by hand-made bad requests, on
 * 127.0.0.1.
 */
@Timeout(60)
class OtlpReceiversTest {

  private static final int LIMIT = 64 * 1024;

  private final List<Observation> received = new CopyOnWriteArrayList<>();
  private final OperatorMetrics metrics = new OperatorMetrics();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private OtlpHttpReceiver httpReceiver;
  private OtlpGrpcReceiver grpcReceiver;

  @BeforeEach
  void start() throws Exception {
    startWith(Optional.empty());
  }

  private void startWith(Optional<String> token) throws Exception {
    OtlpIngest ingest = new OtlpIngest(received::addAll, metrics);
    Authenticator auth = Authenticators.staticTokenOrNone(token);
    httpReceiver =
        new OtlpHttpReceiver("127.0.0.1", 0, LIMIT, auth, ingest, null, Admissions.forBody(LIMIT));
    grpcReceiver =
        new OtlpGrpcReceiver("127.0.0.1", 0, LIMIT, auth, ingest, null, Admissions.forBody(LIMIT));
    httpReceiver.start();
    grpcReceiver.start();
  }

  @AfterEach
  void stop() {
    httpReceiver.close();
    grpcReceiver.close();
  }

  @Test
  void otlpHttpProtobufFromTheSdkExporterIsDecodedIntoObservations() {
    try (OtlpSender sender = OtlpSender.http(httpReceiver.port(), "none")) {
      assertThat(
              sender.send(
                  WsSpans.fromPod("shop", "chat-0")
                      .http("1.0")
                      .requestIds("3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b")
                      .upgradedThenClosed(2, Duration.ofMillis(3))))
          .isTrue();
    }
    assertThat(received).hasSize(4);
    assertThat(received)
        .filteredOn(o -> o instanceof HandshakeObservation)
        .map(o -> ((HandshakeObservation) o).requestId())
        .as("the X-Request-ID the agent recorded (a string array), where it sent one")
        .containsExactlyInAnyOrder("3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b", null);
    assertThat(received)
        .filteredOn(o -> o instanceof HandshakeObservation)
        .hasSize(2)
        .allSatisfy(
            o -> {
              HandshakeObservation h = (HandshakeObservation) o;
              assertThat(h.source()).isEqualTo(new SpanSource("shop", "chat-0", null));
              assertThat(h.protocolVersion()).isEqualTo("1.0");
              assertThat(h.outcome()).isEqualTo(WsAuditSpans.Outcome.UPGRADED);
              assertThat(h.statusCode()).isEqualTo(101L);
              assertThat(h.connectionHeader()).containsExactly("upgrade");
              assertThat(h.traceId()).hasSize(32);
            });
    assertThat(received)
        .filteredOn(o -> o instanceof CloseObservation)
        .hasSize(2)
        .allSatisfy(
            o -> {
              CloseObservation c = (CloseObservation) o;
              assertThat(c.durationMs()).isEqualTo(3L);
              assertThat(c.early()).isTrue();
              assertThat(c.closeCode()).isEqualTo(1006L);
              assertThat(c.cause()).isEqualTo(WsAuditSpans.Cause.KEEP_ALIVE);
            });
    // The close span pairs with its handshake by trace and connection ID.
    assertThat(received.stream().map(o -> o.traceId() + o.connectionId()).distinct()).hasSize(2);
  }

  @Test
  void otlpHttpGzipIsAccepted() {
    try (OtlpSender sender = OtlpSender.http(httpReceiver.port(), "gzip")) {
      assertThat(sender.send(WsSpans.fromAddress("10.1.2.3").rejected(3, "http_version"))).isTrue();
    }
    assertThat(received)
        .hasSize(3)
        .allSatisfy(
            o -> {
              assertThat(o.source().localAddress()).isEqualTo("10.1.2.3");
              assertThat(((HandshakeObservation) o).rejection()).isEqualTo("http_version");
            });
  }

  @Test
  void otlpGrpcFromTheSdkExporterIsDecoded_plainAndGzip() {
    try (OtlpSender plain = OtlpSender.grpc(grpcReceiver.port(), "none");
        OtlpSender gzip = OtlpSender.grpc(grpcReceiver.port(), "gzip")) {
      assertThat(
              plain.send(
                  WsSpans.fromPod("shop", "chat-1").upgradedThenClosed(1, Duration.ofSeconds(30))))
          .isTrue();
      assertThat(
              gzip.send(
                  WsSpans.fromPod("shop", "chat-1").rejected(1, "missing_connection_upgrade")))
          .isTrue();
    }
    assertThat(received).hasSize(3);
    assertThat(
            metrics.registry().scrape().stream()
                .filter(
                    m -> m.getMetadata().getPrometheusName().equals("wsaudit_otlp_spans_received")))
        .isNotEmpty();
  }

  @Test
  void spansOfOtherScopesAreSkippedAndCounted() throws Exception {
    try (OtlpSender sender = OtlpSender.http(httpReceiver.port(), "none")) {
      assertThat(
              sender.send(
                  WsSpans.fromPod("shop", "chat-0")
                      .scope("io.opentelemetry.tomcat-10.0")
                      .rejected(5, "other")))
          .isTrue();
    }
    assertThat(received).isEmpty();
    assertThat(scrape()).contains("wsaudit_otlp_spans_skipped_total{transport=\"http\"} 5.0");
  }

  @Test
  void otlpJsonWithHexIdsIsAccepted() throws Exception {
    String json =
        """
        {"resourceSpans":[{"resource":{"attributes":[
            {"key":"k8s.namespace.name","value":{"stringValue":"shop"}},
            {"key":"k8s.pod.name","value":{"stringValue":"chat-2"}}]},
          "scopeSpans":[{"scope":{"name":"io.wsaudit.agent"},"spans":[{
            "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
            "name":"websocket.handshake","kind":2,
            "startTimeUnixNano":"1764000000000000000","endTimeUnixNano":"1764000000002000000",
            "attributes":[{"key":"network.protocol.version","value":{"stringValue":"1.0"}},
                          {"key":"http.response.status_code","value":{"intValue":"101"}},
                          {"key":"websocket.handshake.outcome","value":{"stringValue":"upgraded"}}]}]}]}]}
        """;
    HttpResponse<String> r = post("application/json", json.getBytes(StandardCharsets.UTF_8), null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{}");
    assertThat(received)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.traceId()).isEqualTo("5b8efff798038103d269b633813fc60c");
              assertThat(o.source().podName()).isEqualTo("chat-2");
              assertThat(((HandshakeObservation) o).statusCode()).isEqualTo(101L);
            });
  }

  @Test
  void garbageGets400_andTheReceiverKeepsWorking() throws Exception {
    assertThat(
            post("application/x-protobuf", new byte[] {(byte) 0xff, 0x13, 0x37, 0x00, 0x7f}, null)
                .statusCode())
        .isEqualTo(400);
    assertThat(
            post("application/json", "{not json".getBytes(StandardCharsets.UTF_8), null)
                .statusCode())
        .isEqualTo(400);
    assertThat(
            post("application/json", "[1,2]".getBytes(StandardCharsets.UTF_8), null).statusCode())
        .isEqualTo(400);
    assertThat(
            post("application/x-protobuf", "not gzip".getBytes(StandardCharsets.UTF_8), "gzip")
                .statusCode())
        .isEqualTo(400);
    assertThat(scrape())
        .contains(
            "wsaudit_otlp_requests_rejected_total{reason=\"bad_request\",signal=\"traces\",transport=\"http\"} 4.0");
    try (OtlpSender sender = OtlpSender.http(httpReceiver.port(), "none")) {
      assertThat(sender.send(WsSpans.fromPod("shop", "chat-0").rejected(1, "other"))).isTrue();
    }
    assertThat(received).hasSize(1);
  }

  @Test
  void oversizedBodiesGet413_alsoWhenOnlyTheGzipIsSmall() throws Exception {
    byte[] big = validRequestOfAtLeast(LIMIT + 1);
    assertThat(post("application/x-protobuf", big, null).statusCode()).isEqualTo(413);
    byte[] zipped = gzip(big);
    assertThat(zipped.length).isLessThan(LIMIT);
    assertThat(post("application/x-protobuf", zipped, "gzip").statusCode()).isEqualTo(413);
    assertThat(received).isEmpty();
    // gRPC refuses it too, and the server stays up for the next sender.
    try (OtlpSender sender = OtlpSender.grpc(grpcReceiver.port(), "none")) {
      assertThat(
              sender.send(
                  WsSpans.fromPod("shop", "chat-0")
                      .path("/" + "x".repeat(LIMIT))
                      .rejected(1, "other")))
          .isFalse();
      assertThat(sender.send(WsSpans.fromPod("shop", "chat-0").rejected(1, "other"))).isTrue();
    }
    assertThat(received).hasSize(1);
  }

  @Test
  void wrongContentTypeGets415_wrongMethod405_wrongPath404() throws Exception {
    assertThat(post("text/plain", "hello".getBytes(StandardCharsets.UTF_8), null).statusCode())
        .isEqualTo(415);
    assertThat(post(null, "hello".getBytes(StandardCharsets.UTF_8), null).statusCode())
        .isEqualTo(415);
    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(uri("/v1/traces")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    HttpResponse<String> other =
        http.send(
            HttpRequest.newBuilder(uri("/v1/metrics"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Content-Type", "application/x-protobuf")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(other.statusCode()).isEqualTo(404);
  }

  @Test
  void bearerTokenIsRequiredWhenConfigured() throws Exception {
    stop();
    startWith(Optional.of("s3cret"));
    try (OtlpSender noToken = OtlpSender.http(httpReceiver.port(), "none");
        OtlpSender grpcNoToken = OtlpSender.grpc(grpcReceiver.port(), "none")) {
      assertThat(noToken.send(WsSpans.fromPod("shop", "chat-0").rejected(1, "other"))).isFalse();
      assertThat(grpcNoToken.send(WsSpans.fromPod("shop", "chat-0").rejected(1, "other")))
          .isFalse();
    }
    HttpResponse<String> withToken =
        http.send(
            HttpRequest.newBuilder(uri("/v1/traces"))
                .header("Content-Type", "application/x-protobuf")
                .header("Authorization", "Bearer s3cret")
                .POST(HttpRequest.BodyPublishers.ofByteArray(validRequestOfAtLeast(10)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(withToken.statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
    assertThat(scrape())
        .contains("reason=\"unauthorized\",signal=\"traces\",transport=\"grpc\"} 1.0");
  }

  private HttpResponse<String> post(String type, byte[] body, String encoding) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri("/v1/traces"))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    if (encoding != null) {
      b.header("Content-Encoding", encoding);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + httpReceiver.port() + path);
  }

  private String scrape() throws Exception {
    var out = new ByteArrayOutputStream();
    new io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter(false)
        .write(out, metrics.registry().scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * A well-formed export of one wsaudit handshake span whose path pads it to at least {@code size}
   * bytes.
   */
  private static byte[] validRequestOfAtLeast(int size) {
    Span span =
        Span.newBuilder()
            .setName(WsAuditSpans.HANDSHAKE_SPAN)
            .setTraceId(
                com.google.protobuf.ByteString.copyFrom(new byte[16])
                    .concat(com.google.protobuf.ByteString.EMPTY))
            .addAttributes(
                io.opentelemetry.proto.common.v1.KeyValue.newBuilder()
                    .setKey(WsAuditSpans.URL_PATH)
                    .setValue(
                        io.opentelemetry.proto.common.v1.AnyValue.newBuilder()
                            .setStringValue("/" + "a".repeat(size))))
            .build();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .setScope(
                            io.opentelemetry.proto.common.v1.InstrumentationScope.newBuilder()
                                .setName(WsAuditSpans.SCOPE_NAME))
                        .addSpans(span)))
        .build()
        .toByteArray();
  }

  private static byte[] gzip(byte[] in) throws Exception {
    var out = new ByteArrayOutputStream();
    try (var gz = new GZIPOutputStream(out)) {
      gz.write(in);
    }
    return out.toByteArray();
  }
}
