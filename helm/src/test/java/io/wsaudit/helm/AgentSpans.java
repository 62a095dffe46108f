package io.wsaudit.helm;

import static io.wsaudit.testkit.otlp.OtlpAttributes.kv;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.wsaudit.contract.WsAuditSpans;
import io.wsaudit.testkit.otlp.CloseAttributes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * What the agent sends for connections that a proxy speaking HTTP/1.0 upstream breaks
 * (docs/spans.md): an upgraded handshake over HTTP/1.0 with keep-alive false, and a close 3 ms
 * later — as one OTLP/HTTP protobuf request.
 */
final class AgentSpans {

  private static final SecureRandom RANDOM = new SecureRandom();

  static final String AGENT_TOKEN = "agent-sa-token";

  private AgentSpans() {}

  static void sendEarlyClosesOverHttp10(
      int otlpHttpPort, String namespace, String pod, String host, int n) throws Exception {
    send(otlpHttpPort, namespace, pod, host, n, "1.0", 0);
  }

  /**
   * Connections over HTTP/1.1 that a proxy cut without a close frame (1006, eof) after the server
   * was quiet for {@code quietMs}, as the agent reports them with {@code websocket.idle.*}.
   */
  static void sendIdleCuts(
      int otlpHttpPort, String namespace, String pod, String host, int n, long quietMs)
      throws Exception {
    send(otlpHttpPort, namespace, pod, host, n, "1.1", quietMs);
  }

  /** quietMs 0: the HTTP/1.0 early close; else an idle cut after that long. */
  private static void send(
      int otlpHttpPort, String namespace, String pod, String host, int n, String http, long quietMs)
      throws Exception {
    boolean idle = quietMs > 0;
    long lived = idle ? quietMs + 500 : 3;
    // An idle cut began long enough ago to have ended by now; an early close ends 5 ms after it
    // began.
    long closedAfterMs = idle ? lived : 5;
    List<Span> spans = new ArrayList<>();
    long now = (System.currentTimeMillis() - (idle ? lived + 1_000 : 0)) * 1_000_000L;
    for (int i = 0; i < n; i++) {
      ByteString traceId = ByteString.copyFrom(bytes(16));
      ByteString handshakeId = ByteString.copyFrom(bytes(8));
      String conn = "conn-" + i + "-" + RANDOM.nextInt(1_000_000);
      spans.add(
          Span.newBuilder()
              .setTraceId(traceId)
              .setSpanId(handshakeId)
              .setName(WsAuditSpans.HANDSHAKE_SPAN)
              .setKind(Span.SpanKind.SPAN_KIND_SERVER)
              .setStartTimeUnixNano(now)
              .setEndTimeUnixNano(now + 2_000_000)
              .addAttributes(kv(WsAuditSpans.HTTP_REQUEST_METHOD, "GET"))
              .addAttributes(kv(WsAuditSpans.URL_PATH, "/ws"))
              .addAttributes(kv(WsAuditSpans.NETWORK_PROTOCOL_VERSION, http))
              .addAttributes(kv(WsAuditSpans.HTTP_RESPONSE_STATUS_CODE, 101))
              .addAttributes(kv(WsAuditSpans.SERVER_ADDRESS, host))
              .addAttributes(kv(WsAuditSpans.HANDSHAKE_OUTCOME, WsAuditSpans.Outcome.UPGRADED))
              .addAttributes(kv(WsAuditSpans.KEEP_ALIVE, idle))
              .addAttributes(kv(WsAuditSpans.CONNECTION_ID, conn))
              .addAttributes(kv(WsAuditSpans.SERVER, "undertow-2.3"))
              .build());
      Span.Builder close =
          Span.newBuilder()
              .setTraceId(traceId)
              .setSpanId(ByteString.copyFrom(bytes(8)))
              .setParentSpanId(handshakeId)
              .setName(WsAuditSpans.CLOSE_SPAN)
              .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
              .setStartTimeUnixNano(now + closedAfterMs * 1_000_000L)
              .setEndTimeUnixNano(now + closedAfterMs * 1_000_000L)
              .addAllAttributes(
                  new CloseAttributes(
                          conn,
                          1006,
                          idle ? WsAuditSpans.Initiator.TRANSPORT : WsAuditSpans.Initiator.SERVER,
                          idle ? WsAuditSpans.Cause.EOF : WsAuditSpans.Cause.KEEP_ALIVE,
                          lived,
                          !idle,
                          http,
                          "/ws",
                          host)
                      .keyValues())
              .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
      if (idle) {
        close
            .addAttributes(kv(WsAuditSpans.IDLE_RECEIVED_MS, quietMs))
            .addAttributes(kv(WsAuditSpans.IDLE_SENT_MS, quietMs));
      }
      spans.add(close.build());
    }
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(
                        Resource.newBuilder()
                            .addAttributes(kv("service.name", "chat"))
                            .addAttributes(kv("k8s.namespace.name", namespace))
                            .addAttributes(kv("k8s.pod.name", pod)))
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .setScope(
                                InstrumentationScope.newBuilder()
                                    .setName(WsAuditSpans.SCOPE_NAME)
                                    .setVersion("0.1.0"))
                            .addAllSpans(spans)))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder()
                    .uri(URI.create("http://127.0.0.1:" + otlpHttpPort + "/v1/traces"))
                    .header("Content-Type", "application/x-protobuf")
                    // The agent's projected ServiceAccount token (as a Collector's bearertokenauth
                    // sends it); the mock API server's TokenReview accepts it for the namespace.
                    .header("Authorization", "Bearer " + AGENT_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "OTLP/HTTP answered " + response.statusCode() + ": " + response.body());
    }
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
