package io.wsaudit.operator.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.wsaudit.operator.config.OperatorConfig;
import io.wsaudit.operator.health.OperatorMetrics;
import io.wsaudit.operator.testing.Metrics;
import io.wsaudit.operator.testing.OtlpLogSender;
import io.wsaudit.operator.testing.ProxyLogRecords;
import io.wsaudit.operator.testing.RawGrpc;
import io.wsaudit.operator.trust.Authenticator;
import io.wsaudit.operator.trust.Sender;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Both OTLP transports receiving the proxy's logs, fed by the OpenTelemetry SDK's log exporters, a
 * Collector-shaped JSON body and hand-made bad requests, on 127.0.0.1.
 */
@Timeout(60)
class OtlpLogsReceiversTest {

  private static final int LIMIT = 64 * 1024;
  private static final String ACCESS =
      "10.244.0.1 - - [24/Nov/2025:16:00:00 +0000] \"GET /ws HTTP/1.1\" 101 0 \"-\" \"ws/8\" 180"
          + " 3.004 [shop-chat-8080] [] 10.244.1.7:8080 0 3.004 101 4f8a7c1d2e3b4a5c";
  private static final String ERROR =
      "2025/11/24 16:00:01 [error] 31#31: *1207 upstream timed out (110: Connection timed out)"
          + " while proxying upgraded connection";

  private final List<LogLine> received = new CopyOnWriteArrayList<>();
  private final List<Sender> senders = new CopyOnWriteArrayList<>();
  private final OperatorMetrics metrics = new OperatorMetrics();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private OtlpReceivers receivers;

  @BeforeEach
  void start() throws Exception {
    startWith(Authenticator.NONE, true);
  }

  private void startWith(Authenticator auth, boolean logs) throws Exception {
    OtlpIngest traces = new OtlpIngest(o -> {}, metrics);
    LogsIngest ingest =
        logs
            ? new LogsIngest(
                (lines, sender) -> {
                  received.addAll(lines);
                  senders.add(sender);
                },
                metrics)
            : null;
    receivers =
        new OtlpReceivers(
            OperatorConfig.defaults()
                .withPorts("127.0.0.1", 0, 0, 0)
                .withLimits(LIMIT, Optional.empty()),
            auth,
            traces,
            ingest);
    receivers.start();
  }

  @AfterEach
  void stop() {
    receivers.close();
  }

  @Test
  void otlpHttpProtobufFromTheSdkExporterBecomesLogLines() {
    ProxyLogRecords pod = ProxyLogRecords.fromPod("ingress-nginx", "controller-7d9f");
    Instant t = Instant.parse("2025-11-24T16:00:00.123456789Z");
    Instant observed = Instant.now().minusSeconds(1);
    try (OtlpLogSender sender = OtlpLogSender.http(receivers.httpPort(), "none", null)) {
      assertThat(
              sender.send(
                  List.of(
                      pod.accessLine(ACCESS + "\n", t), pod.errorLineObservedAt(ERROR, observed))))
          .isTrue();
    }
    String path = "/var/log/pods/ingress-nginx_controller-7d9f_0b1c/controller/0.log";
    assertThat(received)
        .containsExactly(
            new LogLine(
                ACCESS, t, "ingress-nginx", "controller-7d9f", "controller", "stdout", path),
            new LogLine(
                ERROR, observed, "ingress-nginx", "controller-7d9f", "controller", "stderr", path));
    assertThat(Metrics.text(metrics))
        .contains("wsaudit_otlp_log_records_received_total{transport=\"http\"} 2.0");
  }

  @Test
  void otlpHttpGzipAndOtlpGrpcPlainAndGzipAreDecodedAlike() {
    ProxyLogRecords pod = ProxyLogRecords.fromPod("ingress-nginx", "controller-1");
    Instant t = Instant.parse("2025-11-24T16:00:00Z");
    try (OtlpLogSender gzipHttp = OtlpLogSender.http(receivers.httpPort(), "gzip", null);
        OtlpLogSender grpc = OtlpLogSender.grpc(receivers.grpcPort(), "none", null);
        OtlpLogSender gzipGrpc = OtlpLogSender.grpc(receivers.grpcPort(), "gzip", null)) {
      assertThat(gzipHttp.send(List.of(pod.accessLine(ACCESS, t)))).isTrue();
      assertThat(grpc.send(List.of(pod.accessLine(ACCESS + "\r\n", t)))).isTrue();
      assertThat(gzipGrpc.send(List.of(pod.accessLine(ACCESS, t)))).isTrue();
    }
    assertThat(received)
        .hasSize(3)
        .allSatisfy(
            l -> {
              assertThat(l.body()).isEqualTo(ACCESS);
              assertThat(l.time()).isEqualTo(t);
              assertThat(l.podName()).isEqualTo("controller-1");
              assertThat(l.stream()).isEqualTo("stdout");
            });
    assertThat(Metrics.text(metrics))
        .contains("wsaudit_otlp_log_records_received_total{transport=\"grpc\"} 2.0");
  }

  @Test
  void collectorJsonWithHexIdsBecomesLogLines_aNonStringBodyIsAPartialSuccess() throws Exception {
    byte[] json;
    try (InputStream in = getClass().getResourceAsStream("/otlp/collector-logs.json")) {
      json = in.readAllBytes();
    }
    HttpResponse<String> r = post("/v1/logs", "application/json", json, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .isEqualTo(
            "{\"partialSuccess\":{\"rejectedLogRecords\":\"1\","
                + "\"errorMessage\":\"log records rejected: 1 body_not_string\"}}");
    assertThat(received).hasSize(2);
    LogLine access = received.get(0);
    assertThat(access.body()).startsWith("10.244.0.1 - - [24/Nov/2025").endsWith("2d3e");
    assertThat(access.time()).isEqualTo(Instant.ofEpochSecond(1764000000L, 123456789));
    assertThat(access.podNamespace()).isEqualTo("ingress-nginx");
    assertThat(access.podName()).isEqualTo("ingress-nginx-controller-5d88495688-x7k2p");
    assertThat(access.container()).isEqualTo("controller");
    assertThat(access.filePath()).endsWith("/controller/0.log");
    LogLine error = received.get(1);
    assertThat(error.body()).endsWith("host: \"chat.example.com\"");
    assertThat(error.stream()).isEqualTo("stderr");
    assertThat(error.time()).isEqualTo(Instant.ofEpochSecond(1764000001L));
    assertThat(Metrics.text(metrics))
        .contains(
            "wsaudit_otlp_log_records_skipped_total{reason=\"body_not_string\",transport=\"http\"}"
                + " 1.0");
  }

  @Test
  void nonStringAndTooLongBodiesAreSkippedCountedAndReportedAsPartialSuccess() throws Exception {
    ProxyLogRecords pod = ProxyLogRecords.fromPod("ingress-nginx", "controller-1");
    Instant t = Instant.now();
    try (OtlpLogSender sender = OtlpLogSender.grpc(receivers.grpcPort(), "none", null)) {
      assertThat(sender.send(List.of(pod.nonStringBody(t), pod.accessLine(ACCESS, t)))).isTrue();
    }
    ExportLogsServiceRequest tooLong =
        request(
            record("x".repeat(LogRecordDecoder.MAX_LINE_BYTES + 1)),
            record(ACCESS),
            LogRecord.newBuilder().setBody(AnyValue.newBuilder().setIntValue(7)).build());
    HttpResponse<byte[]> r = postBytes("application/x-protobuf", tooLong.toByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    ExportLogsServiceResponse answer = ExportLogsServiceResponse.parseFrom(r.body());
    assertThat(answer.getPartialSuccess().getRejectedLogRecords()).isEqualTo(2);
    assertThat(answer.getPartialSuccess().getErrorMessage())
        .isEqualTo("log records rejected: 1 line_too_long, 1 body_not_string");
    assertThat(received).extracting(LogLine::body).containsExactly(ACCESS, ACCESS);
    assertThat(Metrics.text(metrics))
        .contains(
            "wsaudit_otlp_log_records_skipped_total{reason=\"body_not_string\",transport=\"grpc\"}"
                + " 1.0",
            "wsaudit_otlp_log_records_skipped_total{reason=\"line_too_long\",transport=\"http\"}"
                + " 1.0",
            "wsaudit_otlp_log_records_received_total{transport=\"http\"} 3.0");
  }

  @Test
  void undatedRecordsTakeTheirArrival_futureOnesAreClampedToIt() throws Exception {
    Instant before = Instant.now();
    long future = before.plus(Duration.ofHours(1)).toEpochMilli() * 1_000_000L;
    ExportLogsServiceRequest export =
        request(record(ACCESS), record(ACCESS).toBuilder().setTimeUnixNano(future).build());
    assertThat(postBytes("application/x-protobuf", export.toByteArray()).statusCode())
        .isEqualTo(200);
    Instant after = Instant.now();
    assertThat(received).hasSize(2).allSatisfy(l -> assertThat(l.time()).isBetween(before, after));
    assertThat(Metrics.text(metrics))
        .contains("wsaudit_otlp_timestamps_clamped_total{transport=\"http\"} 1.0");
  }

  @Test
  void withATokenRequired_noTokenIs401AndUnauthenticated_andNothingArrives() throws Exception {
    stop();
    startWith(
        h ->
            Authenticator.bearer(h).filter("s3cret"::equals).map(t -> Sender.forAllNamespaces("c")),
        true);
    ProxyLogRecords pod = ProxyLogRecords.fromPod("ingress-nginx", "controller-1");
    try (OtlpLogSender none = OtlpLogSender.http(receivers.httpPort(), "none", null);
        OtlpLogSender grpcNone = OtlpLogSender.grpc(receivers.grpcPort(), "none", null);
        OtlpLogSender good = OtlpLogSender.grpc(receivers.grpcPort(), "none", "Bearer s3cret")) {
      assertThat(none.send(List.of(pod.accessLine(ACCESS, Instant.now())))).isFalse();
      assertThat(grpcNone.send(List.of(pod.accessLine(ACCESS, Instant.now())))).isFalse();
      assertThat(received).isEmpty();
      assertThat(good.send(List.of(pod.accessLine(ACCESS, Instant.now())))).isTrue();
    }
    assertThat(post("/v1/logs", "application/x-protobuf", new byte[0], null).statusCode())
        .isEqualTo(401);
    assertThat(received).hasSize(1);
    assertThat(senders).containsExactly(Sender.forAllNamespaces("c"));
    assertThat(Metrics.text(metrics))
        .contains(
            "wsaudit_otlp_requests_rejected_total{reason=\"unauthorized\",signal=\"logs\",transport=\"http\"} 2.0",
            "wsaudit_otlp_requests_rejected_total{reason=\"unauthorized\",signal=\"logs\",transport=\"grpc\"} 1.0");
  }

  @Test
  void aSenderRestrictedToANamespaceHasOtherNamespacesLinesRefusedAndCounted() throws Exception {
    stop();
    startWith(h -> Optional.of(Sender.forNamespace("collector", "ingress-nginx")), true);
    Instant t = Instant.now();
    try (OtlpLogSender sender = OtlpLogSender.http(receivers.httpPort(), "none", null)) {
      assertThat(
              sender.send(
                  List.of(
                      ProxyLogRecords.fromPod("ingress-nginx", "controller-1")
                          .accessLine(ACCESS, t),
                      ProxyLogRecords.fromPod("shop", "fake-controller").accessLine(ACCESS, t),
                      ProxyLogRecords.fromPod("shop", "fake-controller").accessLine(ACCESS, t))))
          .isTrue();
    }
    // No namespace at all: handed on, for the sink to check once correlated.
    HttpResponse<byte[]> r =
        postBytes("application/x-protobuf", request(record(ACCESS)).toByteArray());
    assertThat(ExportLogsServiceResponse.parseFrom(r.body()).hasPartialSuccess()).isFalse();
    assertThat(received)
        .extracting(LogLine::podNamespace)
        .containsExactlyInAnyOrder("ingress-nginx", null);
    assertThat(Metrics.text(metrics))
        .contains("wsaudit_evidence_refused_total{reason=\"namespace_not_allowed\"} 2.0");
  }

  @Test
  void badBodiesGetTheirStatusAndCounter_andTheReceiversKeepWorking() throws Exception {
    byte[] big = request(record("y".repeat(LIMIT))).toByteArray();
    assertThat(post("/v1/logs", "application/x-protobuf", big, null).statusCode()).isEqualTo(413);
    assertThat(post("/v1/logs", "application/x-protobuf", gzip(big), "gzip").statusCode())
        .isEqualTo(413);
    assertThat(
            post("/v1/logs", "application/x-protobuf", "not gzip".getBytes(), "gzip").statusCode())
        .isEqualTo(400);
    assertThat(
            post("/v1/logs", "application/x-protobuf", new byte[] {(byte) 0xff, 0x13, 0x37}, null)
                .statusCode())
        .isEqualTo(400);
    assertThat(
            post("/v1/logs", "application/json", "{\"resourceLogs\":".getBytes(), null)
                .statusCode())
        .isEqualTo(400);
    assertThat(post("/v1/logs", "text/plain", ACCESS.getBytes(), null).statusCode()).isEqualTo(415);
    assertThat(post("/v1/profiles", "application/x-protobuf", new byte[0], null).statusCode())
        .isEqualTo(404);
    // gRPC refuses an oversized message in its transport, before any call exists to count.
    try (OtlpLogSender grpc = OtlpLogSender.grpc(receivers.grpcPort(), "none", null)) {
      ProxyLogRecords pod = ProxyLogRecords.fromPod("ingress-nginx", "controller-1");
      assertThat(grpc.send(List.of(pod.accessLine("z".repeat(LIMIT), Instant.now())))).isFalse();
      assertThat(grpc.send(List.of(pod.accessLine(ACCESS, Instant.now())))).isTrue();
    }
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", receivers.grpcPort()).usePlaintext().build();
    try {
      assertThat(
              RawGrpc.call(
                  channel,
                  LogsServiceGrpc.getExportMethod(),
                  new byte[] {(byte) 0xff, 0x13},
                  false))
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
    } finally {
      channel.shutdownNow();
    }
    assertThat(received).extracting(LogLine::body).containsExactly(ACCESS);
    assertThat(Metrics.text(metrics))
        .contains(
            "{reason=\"bad_request\",signal=\"logs\",transport=\"grpc\"} 1.0",
            "{reason=\"too_large\",signal=\"logs\",transport=\"http\"} 2.0",
            "{reason=\"bad_request\",signal=\"logs\",transport=\"http\"} 3.0",
            "{reason=\"unsupported_media_type\",signal=\"logs\",transport=\"http\"} 1.0")
        .doesNotContain("signal=\"traces\"");
  }

  @Test
  void linesCostingMoreThanTheDecodeBudgetGet429_notAnOutOfMemory() throws Exception {
    // Under the 64 KiB body limit, but ~9,000 one-character lines: ~850 KB of lines against the
    // 640 KiB budget (10 × the limit).
    LogRecord[] tiny = new LogRecord[9_000];
    java.util.Arrays.fill(tiny, record("x"));
    byte[] body = request(tiny).toByteArray();
    assertThat(body.length).isLessThan(LIMIT);
    HttpResponse<String> r = post("/v1/logs", "application/x-protobuf", body, null);
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(received).isEmpty();
    assertThat(Metrics.text(metrics))
        .contains("{reason=\"busy\",signal=\"logs\",transport=\"http\"} 1.0");
  }

  @Test
  void withProxyLogsOff_logsAreNotServed() throws Exception {
    stop();
    startWith(Authenticator.NONE, false);
    assertThat(post("/v1/logs", "application/x-protobuf", new byte[0], null).statusCode())
        .isEqualTo(404);
    try (OtlpLogSender grpc = OtlpLogSender.grpc(receivers.grpcPort(), "none", null)) {
      assertThat(
              grpc.send(
                  List.of(
                      ProxyLogRecords.fromPod("ingress-nginx", "c")
                          .accessLine(ACCESS, Instant.now()))))
          .isFalse();
    }
    assertThat(received).isEmpty();
  }

  private static ExportLogsServiceRequest request(LogRecord... records) {
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder()
                .addScopeLogs(ScopeLogs.newBuilder().addAllLogRecords(List.of(records))))
        .build();
  }

  private static LogRecord record(String body) {
    return LogRecord.newBuilder().setBody(AnyValue.newBuilder().setStringValue(body)).build();
  }

  private HttpResponse<String> post(String path, String type, byte[] body, String encoding)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receivers.httpPort() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (encoding != null) {
      b.header("Content-Encoding", encoding);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<byte[]> postBytes(String type, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receivers.httpPort() + "/v1/logs"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] gzip(byte[] in) throws Exception {
    var out = new ByteArrayOutputStream();
    try (var gz = new GZIPOutputStream(out)) {
      gz.write(in);
    }
    return out.toByteArray();
  }
}
