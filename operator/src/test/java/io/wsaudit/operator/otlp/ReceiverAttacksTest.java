package io.wsaudit.operator.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.wsaudit.operator.health.OperatorMetrics;
import io.wsaudit.operator.health.OpsServer;
import io.wsaudit.operator.otlp.admission.Admissions;
import io.wsaudit.operator.otlp.admission.IngestAdmission;
import io.wsaudit.operator.testing.OtlpSender;
import io.wsaudit.operator.testing.RawGrpc;
import io.wsaudit.operator.testing.WsSpans;
import io.wsaudit.operator.trust.Authenticator;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The attacks of issue 12 against the real receivers on 127.0.0.1, with the default 4 MiB limit:
 * each is refused or outlasted, a valid export is answered within seconds during it, and the probes
 * answer.
 */
@Timeout(120)
class ReceiverAttacksTest {

  private static final int LIMIT = 4 * 1024 * 1024;

  private final List<Observation> received = new CopyOnWriteArrayList<>();
  private final OperatorMetrics metrics = new OperatorMetrics();
  private final IngestAdmission admission = Admissions.forBody(LIMIT);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ExecutorService attackers = Executors.newFixedThreadPool(16);
  private OtlpHttpReceiver httpReceiver;
  private OtlpGrpcReceiver grpcReceiver;
  private OpsServer ops;

  @BeforeEach
  void start() throws Exception {
    OtlpIngest ingest = new OtlpIngest(received::addAll, metrics);
    httpReceiver =
        new OtlpHttpReceiver("127.0.0.1", 0, LIMIT, Authenticator.NONE, ingest, null, admission);
    grpcReceiver =
        new OtlpGrpcReceiver("127.0.0.1", 0, LIMIT, Authenticator.NONE, ingest, null, admission);
    ops = new OpsServer("127.0.0.1", 0, metrics, () -> true, () -> true);
    httpReceiver.start();
    grpcReceiver.start();
    ops.start();
  }

  @AfterEach
  void stop() {
    attackers.shutdownNow();
    httpReceiver.close();
    grpcReceiver.close();
    ops.close();
  }

  @Test
  void aBurstOfLargeJsonExportsIsRefusedWith429_validExportsAndProbesStillAnswer()
      throws Exception {
    byte[] big = largeJson(LIMIT - 1024);
    long heapBefore = usedHeapAfterGc();
    List<CompletableFuture<Integer>> burst = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      burst.add(CompletableFuture.supplyAsync(() -> post("application/json", big), attackers));
    }
    long t0 = System.nanoTime();
    try (OtlpSender sender = OtlpSender.http(httpReceiver.port(), "none")) {
      assertThat(sender.send(WsSpans.fromPod("shop", "chat-0").rejected(1, "other"))).isTrue();
    }
    long validMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(get("/healthz")).isEqualTo(200);
    List<Integer> codes = burst.stream().map(CompletableFuture::join).toList();
    System.out.printf(
        "json burst: statuses %s, valid export %d ms, heap before %d MB, after %d MB%n",
        codes, validMs, heapBefore >> 20, usedHeapAfterGc() >> 20);
    assertThat(codes).containsOnly(200, 429).contains(200, 429);
    assertThat(validMs).isLessThan(5_000);
    // The budget comes back once the handlers return (just after they answered).
    await().atMost(Duration.ofSeconds(5)).until(() -> admission.heldBytes() == 0);
    assertThat(scrape()).contains("reason=\"busy\",signal=\"traces\",transport=\"http\"}");
  }

  @Test
  void slowHeaderClientsStallNeitherExportsNorProbes() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 12; i++) {
        slow.add(trickle(httpReceiver.port()));
        slow.add(trickle(ops.port()));
      }
      long t0 = System.nanoTime();
      try (OtlpSender sender = OtlpSender.http(httpReceiver.port(), "none")) {
        assertThat(sender.send(WsSpans.fromPod("shop", "chat-0").rejected(1, "other"))).isTrue();
      }
      assertThat(get("/healthz")).isEqualTo(200);
      assertThat(get("/metrics")).isEqualTo(200);
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
      // The JDK server's request timeout (10 s) cuts the tricklers off.
      for (Socket s : slow) {
        await("slow client cut off")
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> closedByServer(s));
      }
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void grpcGzipBombsGetResourceExhausted_garbageInvalidArgument_validExportsPass()
      throws Exception {
    // Sent gzip-compressed by the channel: a few KB on the wire each.
    byte[] bomb = fieldOfZeros(LIMIT + 1);
    byte[] inflatesToLimit = fieldOfZeros(LIMIT - 64);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", grpcReceiver.port()).usePlaintext().build();
    try {
      List<CompletableFuture<Status.Code>> burst = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        byte[] msg = i % 2 == 0 ? bomb : inflatesToLimit;
        burst.add(CompletableFuture.supplyAsync(() -> call(channel, msg, true), attackers));
      }
      long t0 = System.nanoTime();
      try (OtlpSender sender = OtlpSender.grpc(grpcReceiver.port(), "gzip")) {
        assertThat(sender.send(WsSpans.fromPod("shop", "chat-0").rejected(1, "other"))).isTrue();
      }
      long validMs = (System.nanoTime() - t0) / 1_000_000;
      List<Status.Code> codes = burst.stream().map(CompletableFuture::join).toList();
      System.out.printf("grpc burst: %s, valid export %d ms%n", codes, validMs);
      assertThat(codes).containsOnly(Status.Code.OK, Status.Code.RESOURCE_EXHAUSTED);
      assertThat(validMs).isLessThan(5_000);
      assertThat(call(channel, new byte[] {(byte) 0xff, 0x13, 0x37}, false))
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      // The budget comes back once the handlers return (just after they answered).
      await().atMost(Duration.ofSeconds(5)).until(() -> admission.heldBytes() == 0);
      String scraped = scrape();
      assertThat(scraped)
          .contains("reason=\"too_large\",signal=\"traces\",transport=\"grpc\"}")
          .contains("reason=\"bad_request\",signal=\"traces\",transport=\"grpc\"} 1.0");
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aGarbageGrpcConnectionIsOneLogLineWithoutStackTrace() throws Exception {
    ch.qos.logback.classic.Logger log =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(io.wsaudit.operator.serving.GrpcTransportLog.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    log.addAppender(lines);
    try (Socket s = new Socket("127.0.0.1", grpcReceiver.port())) {
      s.getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      s.setSoTimeout(5_000);
      try {
        s.getInputStream().readAllBytes();
      } catch (java.io.IOException ignored) {
        // reset: fine
      }
    } finally {
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> !lines.list.isEmpty());
      log.detachAppender(lines);
    }
    assertThat(lines.list).hasSize(1);
    assertThat(lines.list.get(0).getThrowableProxy()).isNull();
    System.out.println("garbage connection logged: " + lines.list.get(0).getFormattedMessage());
  }

  @Test
  void aDeclared100MbBodyGetsAReadable413() throws Exception {
    try (Socket s = new Socket("127.0.0.1", httpReceiver.port())) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
                  + "Content-Length: 104857600\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[64 * 1024]);
      out.flush();
      byte[] head = new byte[12];
      int n = s.getInputStream().readNBytes(head, 0, head.length);
      assertThat(new String(head, 0, n, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 413");
    }
  }

  private static Status.Code call(ManagedChannel channel, byte[] message, boolean gzip) {
    return RawGrpc.call(channel, TraceServiceGrpc.getExportMethod(), message, gzip);
  }

  /**
   * A valid export of about {@code n} bytes: one ResourceSpans whose only content is an unknown
   * field of zeros (skipped by the decoder, compressed to almost nothing by gzip).
   */
  private static byte[] fieldOfZeros(int n) {
    return io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            io.opentelemetry.proto.trace.v1.ResourceSpans.newBuilder()
                .setUnknownFields(
                    com.google.protobuf.UnknownFieldSet.newBuilder()
                        .addField(
                            15,
                            com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                                .addLengthDelimited(
                                    com.google.protobuf.ByteString.copyFrom(new byte[n]))
                                .build())
                        .build()))
        .build()
        .toByteArray();
  }

  private static Socket trickle(int port) throws Exception {
    Socket s = new Socket("127.0.0.1", port);
    OutputStream out = s.getOutputStream();
    out.write(
        "POST /v1/traces HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    s.setSoTimeout(1_000);
    return s;
  }

  private static boolean closedByServer(Socket s) {
    try {
      return s.getInputStream().read() < 0;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (java.io.IOException e) {
      return true;
    }
  }

  private static byte[] largeJson(int size) {
    String head =
        "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"pad\",\"value\":{\"stringValue\":\"";
    String tail = "\"}}]},\"scopeSpans\":[]}]}";
    return (head + "x".repeat(size - head.length() - tail.length()) + tail)
        .getBytes(StandardCharsets.UTF_8);
  }

  private int post(String type, byte[] body) {
    try {
      return http.send(
              HttpRequest.newBuilder(uri(httpReceiver.port(), "/v1/traces"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", type)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private int get(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(uri(ops.port(), path)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private String scrape() throws Exception {
    return http.send(
            HttpRequest.newBuilder(uri(ops.port(), "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static byte[] gzip(byte[] b) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }

  private static long usedHeapAfterGc() {
    System.gc();
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
