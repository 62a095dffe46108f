package io.wsaudit.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent's OTLP/HTTP sender under the SDK's real exporter, against a real HTTP server (the
 * JDK's): requests arrive whole on one kept-alive connection, gzip and headers are sent, retryable
 * statuses are retried, a receiver that closes its connections is reconnected to, a refusal is a
 * failure.
 */
class SocketHttpSenderTest {

  private HttpServer server;
  private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
  private final List<String> encodings = new CopyOnWriteArrayList<>();
  private final List<String> tenants = new CopyOnWriteArrayList<>();
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private final AtomicInteger unavailableLeft = new AtomicInteger();
  private volatile boolean closeEach;
  private volatile int status = 200;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/traces",
        exchange -> {
          clientPorts.add(exchange.getRemoteAddress().getPort());
          String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
          InputStream body = exchange.getRequestBody();
          bodies.add(("gzip".equals(encoding) ? new GZIPInputStream(body) : body).readAllBytes());
          encodings.add(String.valueOf(encoding));
          tenants.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Tenant")));
          if (closeEach) {
            exchange.getResponseHeaders().add("Connection", "close");
          }
          int answer = unavailableLeft.getAndDecrement() > 0 ? 503 : status;
          byte[] response = answer == 200 ? new byte[0] : "no".getBytes();
          exchange.sendResponseHeaders(answer, response.length == 0 ? -1 : response.length);
          exchange.getResponseBody().write(response);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private OtlpHttpSpanExporter exporter(String compression) {
    return exporter(server.getAddress().getPort(), compression, 5);
  }

  private static OtlpHttpSpanExporter exporter(int port, String compression, int timeoutSeconds) {
    return OtlpHttpSpanExporter.builder()
        .setEndpoint("http://127.0.0.1:" + port + "/v1/traces")
        .setCompression(compression)
        .addHeader("X-Tenant", "t1")
        .setTimeout(timeoutSeconds, TimeUnit.SECONDS)
        .setComponentLoader(
            new io.opentelemetry.common.ComponentLoader() {
              @Override
              @SuppressWarnings("unchecked")
              public <T> Iterable<T> load(Class<T> type) {
                return type == io.opentelemetry.sdk.common.export.HttpSenderProvider.class
                    ? (Iterable<T>) List.of(new SocketHttpSenderProvider())
                    : List.of();
              }
            })
        .build();
  }

  private static List<SpanData> spans(int n) {
    List<SpanData> spans = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      spans.add(
          TestSpanData.builder()
              .setSpanContext(
                  SpanContext.create(
                      "0af7651916cd43dd8448eb211c80319c",
                      String.format("%016x", i + 1),
                      TraceFlags.getSampled(),
                      TraceState.getDefault()))
              .setName("websocket.handshake")
              .setKind(SpanKind.SERVER)
              .setStartEpochNanos(1)
              .setEndEpochNanos(2)
              .setStatus(StatusData.unset())
              .setHasEnded(true)
              .build());
    }
    return spans;
  }

  private static boolean export(OtlpHttpSpanExporter exporter, int spans) {
    CompletableResultCode result = exporter.export(spans(spans)).join(10, TimeUnit.SECONDS);
    return result.isSuccess();
  }

  @Test
  void requestsArriveWholeOnOneKeptAliveConnection() {
    OtlpHttpSpanExporter exporter = exporter("none");
    assertThat(export(exporter, 128)).isTrue();
    assertThat(export(exporter, 3)).isTrue();
    assertThat(export(exporter, 1000)).isTrue();
    exporter.shutdown();
    assertThat(bodies).hasSize(3);
    assertThat(bodies.get(2).length).isGreaterThan(bodies.get(0).length * 5);
    assertThat(clientPorts).hasSize(1);
    assertThat(encodings).containsOnly("null");
    assertThat(tenants).containsOnly("t1");
  }

  @Test
  void gzipBodiesDecompressToWhatWasEncoded() {
    OtlpHttpSpanExporter plain = exporter("none");
    OtlpHttpSpanExporter gzip = exporter("gzip");
    assertThat(export(plain, 50)).isTrue();
    assertThat(export(gzip, 50)).isTrue();
    assertThat(encodings).containsExactly("null", "gzip");
    assertThat(bodies.get(1)).isEqualTo(bodies.get(0));
  }

  @Test
  void retryableStatusIsRetriedAndAReceiverThatClosesIsReconnectedTo() {
    OtlpHttpSpanExporter exporter = exporter("none");
    unavailableLeft.set(2);
    assertThat(export(exporter, 10)).isTrue();
    assertThat(bodies).hasSize(3);
    closeEach = true;
    assertThat(export(exporter, 10)).isTrue();
    assertThat(export(exporter, 10)).isTrue();
    assertThat(clientPorts).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void aRefusalOrNoReceiverIsAFailedExport() {
    OtlpHttpSpanExporter exporter = exporter("none");
    status = 400;
    assertThat(export(exporter, 10)).isFalse();
    server.stop(0);
    assertThat(export(exporter, 10)).isFalse();
  }

  /**
   * A receiver that accepts and then neither reads nor answers: the export fails at its timeout (10
   * MB of spans fill the socket buffers, so the write itself must be cut), and the exporting thread
   * is free again.
   */
  @Test
  @Timeout(30) // the export runs on this thread: without the deadline it would block for ever
  void aReceiverThatStopsReadingFailsTheExportAtItsTimeout() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0)) {
      List<java.net.Socket> accepted = new CopyOnWriteArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  accepted.add(silent.accept());
                } catch (IOException e) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      OtlpHttpSpanExporter exporter = exporter(silent.getLocalPort(), "none", 1);
      CompletableResultCode result = exporter.export(spans(100_000)).join(15, TimeUnit.SECONDS);
      assertThat(result.isDone()).isTrue();
      assertThat(result.isSuccess()).isFalse();
      for (java.net.Socket socket : accepted) {
        socket.close();
      }
    }
  }
}
